import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AuditEntry, AuditRepo } from '../../../domain/shared/audit.js';
import type { AuditLogTable, Database } from '../schema.js';
import { fromJson, toJson } from './json.js';
import { paginate } from './pagination.js';

/** The audit_log row of an entry (also written by the credential issue statement); sealed later (seq, hashes). */
export const auditRow = (e: AuditEntry): Insertable<AuditLogTable> => ({
  id: e.id, org_id: e.orgId, actor_type: e.actorType, actor_id: e.actorId, action: e.action, target_type: e.targetType,
  target_id: e.targetId, ip: e.ip, request_id: e.requestId, details: toJson(e.details), created_at: e.createdAt,
  ...(e.userAgent ? { user_agent: e.userAgent } : {}),
});

const toEntry = (r: Selectable<AuditLogTable>): AuditEntry => ({
  id: r.id, orgId: r.org_id, actorType: r.actor_type as AuditEntry['actorType'], actorId: r.actor_id, action: r.action,
  targetType: r.target_type, targetId: r.target_id, ip: r.ip, requestId: r.request_id, details: fromJson(r.details, {}), createdAt: r.created_at,
  userAgent: r.user_agent ?? null, seq: r.seq === null || r.seq === undefined ? null : Number(r.seq), prevHash: r.prev_hash ?? null, hash: r.hash ?? null,
});

/** The hash a chain starts from. */
export const GENESIS = '0'.repeat(64);
const SEAL_BATCH = 500;

export function auditRepo(db: Kysely<Database>, engine: 'sqlite' | 'postgres' = 'sqlite'): AuditRepo {
  return {
    async record(e) {
      await db.insertInto('audit_log').values(auditRow(e)).execute();
    },
    async list(orgId, query) {
      let qb = db.selectFrom('audit_log').selectAll().where('org_id', '=', orgId);
      if (query.actorId) qb = qb.where('actor_id', '=', query.actorId);
      if (query.action) qb = query.action.endsWith('.') ? qb.where('action', 'like', `${query.action.replace(/[%_\\]/g, '')}%`) : qb.where('action', '=', query.action);
      if (query.from) qb = qb.where('created_at', '>=', query.from);
      if (query.to) qb = qb.where('created_at', '<', query.to);
      const page = await paginate(qb, { column: 'created_at', desc: true }, 'id', query, (r) => r.created_at);
      return { nextCursor: page.nextCursor, items: page.items.map(toEntry) };
    },
    async seal(orgId, link, now) {
      const run = async (tx: Kysely<Database>): Promise<number> => {
        await tx.insertInto('audit_chain_heads').values({ org_id: orgId, seq: 0, hash: GENESIS, updated_at: now }).onConflict((oc) => oc.column('org_id').doNothing()).execute();
        // The organisation's lock: a second sealer waits here until the first commits (SQLite: one writer anyway).
        const read = tx.selectFrom('audit_chain_heads').select(['seq', 'hash']).where('org_id', '=', orgId);
        const head = await (engine === 'postgres' ? read.forUpdate() : read).executeTakeFirstOrThrow();
        let seq = Number(head.seq);
        let prev = head.hash;
        let sealed = 0;
        for (;;) {
          const rows = await tx.selectFrom('audit_log').selectAll().where('org_id', '=', orgId).where('seq', 'is', null).orderBy('created_at').orderBy('id').limit(SEAL_BATCH).execute();
          for (const r of rows) {
            seq += 1;
            const hash = link(prev, { ...toEntry(r), seq });
            await tx.updateTable('audit_log').set({ seq, prev_hash: prev, hash }).where('id', '=', r.id).execute();
            prev = hash;
          }
          sealed += rows.length;
          if (rows.length < SEAL_BATCH) break;
        }
        if (sealed > 0) await tx.updateTable('audit_chain_heads').set({ seq, hash: prev, updated_at: now }).where('org_id', '=', orgId).execute();
        return sealed;
      };
      return db.isTransaction ? run(db) : db.transaction().execute(run);
    },
    async chain(orgId, afterSeq, limit) {
      const rows = await db.selectFrom('audit_log').selectAll().where('org_id', '=', orgId).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
      return rows.map(toEntry);
    },
    async orgsWithUnsealed() {
      const rows = await db.selectFrom('audit_log').select('org_id').distinct().where('seq', 'is', null).execute();
      return rows.map((r) => r.org_id);
    },
    async forgetNetworkDetails(orgId, before) {
      const r = await db.updateTable('audit_log').set({ ip: null, user_agent: null }).where('org_id', '=', orgId).where('created_at', '<', before)
        .where((eb) => eb.or([eb('ip', 'is not', null), eb('user_agent', 'is not', null)])).executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
  };
}
