import type { Deps } from '../deps.js';
import { isRole, permissionsOf, type Principal } from '../auth/permissions.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import type { Session } from './ports.js';

export interface SessionContext {
  session: Session;
  /** Absent for a signed-in person who belongs to no organisation (an earner). */
  principal?: Principal | undefined;
  /** The organisation requires MFA of its members and this session has not proven a second factor. */
  mfaRequired: boolean;
}

/** "Last seen" is written at most this often per session (not on every request). */
export const LAST_SEEN_EVERY_MS = 60_000;

export async function authenticateSession(deps: Pick<Deps, 'store' | 'clock'>, token: string): Promise<SessionContext> {
  const session = await deps.store.sessions.findById(sha256Hex(token));
  const now = deps.clock.now();
  if (!session || Date.parse(session.expiresAt) <= now.getTime()) {
    throw new AppError('unauthenticated', 'your session has ended; sign in again');
  }
  if (!session.lastSeenAt || Date.parse(session.lastSeenAt) + LAST_SEEN_EVERY_MS <= now.getTime()) {
    session.lastSeenAt = now.toISOString();
    await deps.store.sessions.touch(session.id, session.lastSeenAt);
  }
  if (!session.orgId) return { session, mfaRequired: false };
  const membership = await deps.store.memberships.find(session.orgId, session.userId);
  if (!membership || !isRole(membership.role)) return { session, mfaRequired: false };
  const mfaRequired = !session.mfa && Boolean((await deps.store.organisations.findById(session.orgId))?.settings.requireMfa);
  return {
    session,
    mfaRequired,
    principal: {
      kind: 'session',
      orgId: session.orgId,
      userId: session.userId,
      role: membership.role,
      permissions: permissionsOf(membership.role),
      factorAt: session.factorAt,
    },
  };
}

export async function signOut(deps: Pick<Deps, 'store'>, token: string): Promise<void> {
  await deps.store.sessions.remove(sha256Hex(token));
}
