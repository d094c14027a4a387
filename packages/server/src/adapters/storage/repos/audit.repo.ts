import type { Insertable, Kysely } from 'kysely';
import type { AuditEntry, AuditRepo } from '../../../domain/shared/audit.js';
import type { AuditLogTable, Database } from '../schema.js';
import { fromJson, toJson } from './json.js';
import { paginate } from './pagination.js';

/** The audit_log row of an entry (also written by the credential issue statement). */
export const auditRow = (e: AuditEntry): Insertable<AuditLogTable> => ({
  id: e.id, org_id: e.orgId, actor_type: e.actorType, actor_id: e.actorId, action: e.action, target_type: e.targetType,
  target_id: e.targetId, ip: e.ip, request_id: e.requestId, details: toJson(e.details), created_at: e.createdAt,
});

export function auditRepo(db: Kysely<Database>): AuditRepo {
  return {
    async record(e) {
      await db.insertInto('audit_log').values(auditRow(e)).execute();
    },
    async list(orgId, query) {
      const qb = db.selectFrom('audit_log').selectAll().where('org_id', '=', orgId);
      const page = await paginate(qb, { column: 'created_at', desc: true }, 'id', query, (r) => r.created_at);
      return {
        nextCursor: page.nextCursor,
        items: page.items.map((r): AuditEntry => ({
          id: r.id, orgId: r.org_id, actorType: r.actor_type as AuditEntry['actorType'], actorId: r.actor_id, action: r.action,
          targetType: r.target_type, targetId: r.target_id, ip: r.ip, requestId: r.request_id, details: fromJson(r.details, {}), createdAt: r.created_at,
        })),
      };
    },
  };
}
