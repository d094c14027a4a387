import type { JsonObject } from '../contexts/bundled.js';
import { checkReason, type CheckReason } from './codes.js';

/**
 * A retired key (`revoked` date on its verification method / OB 2.0 CryptographicKey) still
 * verifies what it signed before that instant. Returns why it must not be trusted, if it must not.
 */
export function retiredKeyProblem(key: JsonObject, signedAt: string | undefined): CheckReason | undefined {
  const revoked = key.revoked;
  if (revoked === undefined || revoked === false) return undefined;
  if (revoked === true) return checkReason('key-revoked', 'the key has been revoked');
  const revokedMs = typeof revoked === 'string' ? Date.parse(revoked) : Number.NaN;
  if (Number.isNaN(revokedMs)) return checkReason('key-revoked', 'the key has been revoked');
  const signedMs = signedAt === undefined ? Number.NaN : Date.parse(signedAt);
  if (Number.isNaN(signedMs) || signedMs >= revokedMs) return checkReason('key-retired', `the key was retired at ${String(revoked)}, before this was signed`, { date: String(revoked) });
  return undefined;
}
