/** Parse LAUREL_MASTER_KEY (or the key file): 32 bytes as 64 hex characters or base64/base64url; anything else is no key. */
export function parseMasterKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  const b = Buffer.from(t, 'base64');
  return b.length === 32 ? b : undefined;
}
