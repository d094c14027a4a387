import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import { requireStepUp } from '../mfa/step-up.js';
import type { Actor } from '../shared/actor.js';
import type { AuditEntry, AuditFilter } from '../shared/audit.js';
import type { Page } from '../shared/ports.js';
import { sealAuditLog } from './seal-audit-log.js';

/** Who did what, when and from where, newest first, filtered (admins and owners). */
export async function readAuditLog(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { actor: Actor; limit: number; cursor?: string | undefined; filter?: AuditFilter | undefined },
): Promise<Page<AuditEntry>> {
  requirePermission(input.actor.principal, 'audit:read');
  await sealAuditLog(deps, input.actor.principal.orgId);
  return deps.store.audit.list(input.actor.principal.orgId, { limit: input.limit, cursor: input.cursor, ...input.filter });
}

/** The same entries as CSV rows for a download (a recent factor needed: the log names staff and their addresses). */
export async function* exportAuditLog(deps: Pick<Deps, 'store' | 'clock' | 'stepUpSeconds'>, input: { actor: Actor; filter?: AuditFilter | undefined }): AsyncGenerator<string[]> {
  requirePermission(input.actor.principal, 'audit:read');
  requireStepUp(deps, input.actor.principal);
  yield ['createdAt', 'seq', 'action', 'actorType', 'actorId', 'targetType', 'targetId', 'ip', 'userAgent', 'requestId', 'details', 'hash'];
  let cursor: string | undefined;
  do {
    const page = await readAuditLog(deps, { actor: input.actor, limit: 500, cursor, filter: input.filter });
    for (const e of page.items) {
      yield [e.createdAt, String(e.seq ?? ''), e.action, e.actorType, e.actorId ?? '', e.targetType, e.targetId, e.ip ?? '', e.userAgent ?? '', e.requestId ?? '', JSON.stringify(e.details), e.hash ?? ''];
    }
    cursor = page.nextCursor;
  } while (cursor);
}
