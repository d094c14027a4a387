/** Links that let an earner put a credential on social networks; pure functions of public facts. */

export interface LinkedInCertification {
  name: string;
  organizationName: string;
  issuedOn: string;
  expiresAt: string | null;
  certUrl: string;
  certId: string;
}

const monthAndYear = (iso: string): { year: string; month: string } => {
  const date = new Date(iso);
  return { year: String(date.getUTCFullYear()), month: String(date.getUTCMonth() + 1) };
};

/** LinkedIn's "Add to profile" link for a licence or certification, every field filled in. */
export function linkedInAddToProfileUrl(c: LinkedInCertification): string {
  const issued = monthAndYear(c.issuedOn);
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: c.name,
    organizationName: c.organizationName,
    issueYear: issued.year,
    issueMonth: issued.month,
  });
  if (c.expiresAt) {
    const expires = monthAndYear(c.expiresAt);
    params.set('expirationYear', expires.year);
    params.set('expirationMonth', expires.month);
  }
  params.set('certUrl', c.certUrl);
  params.set('certId', c.certId);
  return `https://www.linkedin.com/profile/add?${params.toString()}`;
}

export interface ShareInput {
  url: string;
  /** A one-line message for networks that take one. */
  text: string;
  emailSubject: string;
  emailBody: string;
}

export interface ShareLinks {
  linkedIn: string;
  x: string;
  facebook: string;
  email: string;
}

export function shareLinks(s: ShareInput): ShareLinks {
  const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
  return {
    linkedIn: `https://www.linkedin.com/sharing/share-offsite/?${q({ url: s.url })}`,
    x: `https://twitter.com/intent/tweet?${q({ text: s.text, url: s.url })}`,
    facebook: `https://www.facebook.com/sharer/sharer.php?${q({ u: s.url })}`,
    // mailto wants %20, not '+', for spaces (RFC 6068).
    email: `mailto:?subject=${encodeURIComponent(s.emailSubject)}&body=${encodeURIComponent(s.emailBody)}`,
  };
}
