import type { Deps } from '../deps.js';
import { isRole, permissionsOf, type Principal } from '../auth/permissions.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import type { Session } from './ports.js';

export interface SessionContext {
  session: Session;
  /** Absent for a signed-in person who belongs to no organisation (an earner). */
  principal?: Principal | undefined;
}

export async function authenticateSession(deps: Pick<Deps, 'store' | 'clock'>, token: string): Promise<SessionContext> {
  const session = await deps.store.sessions.findById(sha256Hex(token));
  if (!session || Date.parse(session.expiresAt) <= deps.clock.now().getTime()) {
    throw new AppError('unauthenticated', 'your session has ended; sign in again');
  }
  if (!session.orgId) return { session };
  const membership = await deps.store.memberships.find(session.orgId, session.userId);
  if (!membership || !isRole(membership.role)) return { session };
  return {
    session,
    principal: {
      kind: 'session',
      orgId: session.orgId,
      userId: session.userId,
      role: membership.role,
      permissions: permissionsOf(membership.role),
    },
  };
}

export async function signOut(deps: Pick<Deps, 'store'>, token: string): Promise<void> {
  await deps.store.sessions.remove(sha256Hex(token));
}
