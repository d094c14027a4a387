import type { JsonObject } from '../contexts/bundled.js';

/**
 * A retired key (`revoked` date on its verification method / OB 2.0 CryptographicKey) still
 * verifies what it signed before that instant. Returns the reason it must not be trusted, if any.
 */
export function retiredKeyProblem(key: JsonObject, signedAt: string | undefined): string | undefined {
  const revoked = key.revoked;
  if (revoked === undefined || revoked === false) return undefined;
  if (revoked === true) return 'the key has been revoked';
  const revokedMs = typeof revoked === 'string' ? Date.parse(revoked) : Number.NaN;
  if (Number.isNaN(revokedMs)) return 'the key has been revoked';
  const signedMs = signedAt === undefined ? Number.NaN : Date.parse(signedAt);
  if (Number.isNaN(signedMs) || signedMs >= revokedMs) return `the key was retired at ${String(revoked)}, before this was signed`;
  return undefined;
}
