import type { Achievement } from '../achievements/ports.js';
import { addDuration, parseDuration } from '../achievements/validity.js';
import type { Credential } from '../credentials/ports.js';
import { AppError } from '../shared/errors.js';

/**
 * Whether a credential can be renewed at `now`: a renewable certification, neither revoked nor suspended nor
 * already renewed, and not past its expiry plus the achievement's grace period.
 */
export function assertRenewable(credential: Credential, achievement: Achievement, now: Date): void {
  if (achievement.kind !== 'certification' || !achievement.renewable) throw new AppError('invalid-state', 'only a renewable certification can be renewed');
  if (credential.supersededBy) throw new AppError('invalid-state', 'this credential was already renewed: renew the newer one');
  if (credential.status !== 'active') throw new AppError('invalid-state', `a ${credential.status} credential cannot be renewed`);
  if (credential.expiresAt) {
    const grace = achievement.gracePeriod ? parseDuration(achievement.gracePeriod) : undefined;
    const lastDay = grace ? addDuration(new Date(credential.expiresAt), grace) : new Date(credential.expiresAt);
    if (now.getTime() > lastDay.getTime()) throw new AppError('invalid-state', 'this certification expired and its grace period is over: it must be earned again');
  }
}

/**
 * A renewal's expiry: its validity counted from the old expiry when renewed early (no time is lost), from
 * now when renewed late (within the grace period); undefined when the achievement has no validity.
 */
export function renewedExpiry(credential: Credential, achievement: Achievement, now: Date): string | undefined {
  const validity = achievement.validity ? parseDuration(achievement.validity) : undefined;
  if (!validity) return undefined;
  const from = credential.expiresAt && Date.parse(credential.expiresAt) > now.getTime() ? new Date(credential.expiresAt) : now;
  return addDuration(from, validity).toISOString();
}
