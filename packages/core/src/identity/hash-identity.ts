import type { RecipientType } from '../model.js';

/** OB 2.0 / OB 3.0 identity hashing: `sha256$` + hex(sha256(normalised identity + salt)). */
export async function hashIdentity(identity: string, salt: string): Promise<string> {
  const text = identity + salt;
  return `sha256$${nodeSha256Hex ? nodeSha256Hex(text) : await webCryptoSha256Hex(text)}`;
}

/** Hex SHA-256 of the UTF-8 text with WebCrypto: every runtime (browsers included). */
export async function webCryptoSha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
}

interface NodeCryptoHash {
  createHash(algorithm: 'sha256'): { update(data: string, encoding: 'utf8'): { digest(encoding: 'hex'): string } };
}

/**
 * Node's synchronous SHA-256, when the runtime has one: WebCrypto's digest is asynchronous and goes
 * through a thread pool, which costs far more than hashing a few dozen bytes. Reached through
 * `process.getBuiltinModule` (Node ≥ 20.16), never imported, so browsers and bundlers never see
 * `node:crypto` and take the WebCrypto path. Both give the same digest of the same UTF-8 bytes.
 */
const nodeSha256Hex: ((text: string) => string) | undefined = (() => {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const crypto = runtime?.getBuiltinModule?.('node:crypto') as Partial<NodeCryptoHash> | undefined;
  if (typeof crypto?.createHash !== 'function') return undefined;
  const { createHash } = crypto as NodeCryptoHash;
  return (text) => createHash('sha256').update(text, 'utf8').digest('hex');
})();

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
