/** Longest link taken from the address bar (a credential URL is far shorter). */
export const MAX_VERIFY_LINK = 2048;

/**
 * The credential link in `/verify?url=…` (the "Verify" links of credential pages and e-mails, and the
 * PDF's QR code), to prefill the form and verify at once; null for nothing usable. Only an http(s)
 * URL is taken: anything else leaves the form blank and sends nothing.
 */
export function verifyLinkFromQuery(search: string): string | null {
  const value = new URLSearchParams(search).get('url')?.trim();
  if (!value || value.length > MAX_VERIFY_LINK) return null;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return null;
  }
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? value : null;
}
