import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import type { AuditEntry } from '../shared/audit.js';
import type { Page } from '../shared/ports.js';

/** Who did what, when and from where, newest first (admins and owners). */
export async function readAuditLog(deps: Pick<Deps, 'store'>, input: { actor: Actor; limit: number; cursor?: string | undefined }): Promise<Page<AuditEntry>> {
  requirePermission(input.actor.principal, 'audit:read');
  return deps.store.audit.list(input.actor.principal.orgId, { limit: input.limit, cursor: input.cursor });
}
