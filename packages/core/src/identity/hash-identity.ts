import type { RecipientType } from '../model.js';

/** OB 2.0 / OB 3.0 identity hashing: `sha256$` + hex(sha256(normalised identity + salt)). */
export async function hashIdentity(identity: string, salt: string): Promise<string> {
  const bytes = new TextEncoder().encode(identity + salt);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
  return `sha256$${toHex(digest)}`;
}

/** Canonical form of an identity before hashing or comparison. */
export function normaliseIdentity(type: RecipientType, value: string): string {
  const trimmed = value.trim();
  switch (type) {
    case 'email':
      return trimmed.toLowerCase();
    case 'telephone':
      return trimmed.replace(/[\s().-]/g, '');
    case 'url':
      return trimmed;
  }
}

/** Does `candidate` (plaintext) match a stored `sha256$…` hash (or plaintext identity)? */
export async function identityMatches(
  type: RecipientType,
  candidate: string,
  stored: { identity: string; hashed: boolean; salt?: string | undefined },
): Promise<boolean> {
  const value = normaliseIdentity(type, candidate);
  if (!stored.hashed) return value === normaliseIdentity(type, stored.identity);
  const [algorithm] = stored.identity.split('$');
  if (algorithm?.toLowerCase() !== 'sha256') return false;
  const hash = await hashIdentity(value, stored.salt ?? '');
  return hash.toLowerCase() === stored.identity.toLowerCase();
}

/** A random salt (hex) from WebCrypto. */
export function newSalt(bytes = 16): string {
  return toHex(globalThis.crypto.getRandomValues(new Uint8Array(bytes)));
}

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}
