/** LinkedIn "Add to profile" (certification) link, with every field LinkedIn accepts filled in. */
export function linkedInAddToProfileUrl(input: { name: string; organisation: string; issuedOn: string; expiresAt: string | null; url: string; id: string }): string {
  const issued = new Date(input.issuedOn);
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: input.name,
    organizationName: input.organisation,
    issueYear: String(issued.getUTCFullYear()),
    issueMonth: String(issued.getUTCMonth() + 1),
    certUrl: input.url,
    certId: input.id,
  });
  if (input.expiresAt) {
    const expires = new Date(input.expiresAt);
    params.set('expirationYear', String(expires.getUTCFullYear()));
    params.set('expirationMonth', String(expires.getUTCMonth() + 1));
  }
  return `https://www.linkedin.com/profile/add?${params.toString()}`;
}
