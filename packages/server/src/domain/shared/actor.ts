import type { Principal } from '../auth/permissions.js';

/** The caller of a use case: who, from where, under which request id (for the audit log). */
export interface Actor {
  principal: Principal;
  ip?: string | undefined;
  userAgent?: string | undefined;
  requestId?: string | undefined;
}
