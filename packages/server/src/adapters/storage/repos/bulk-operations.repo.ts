import type { Kysely } from 'kysely';
import type { BulkOperationRepo } from '../../../domain/credentials/bulk-ports.js';
import type { Database } from '../schema.js';
import { fromJson, toJson } from './json.js';

export function bulkOperationRepo(db: Kysely<Database>): BulkOperationRepo {
  return {
    async find(orgId, operation, key) {
      const r = await db.selectFrom('bulk_operations').selectAll().where('org_id', '=', orgId).where('operation', '=', operation).where('idempotency_key', '=', key).executeTakeFirst();
      return r && { id: r.id, orgId: r.org_id, operation: r.operation, key: r.idempotency_key, requestHash: r.request_hash, result: fromJson<unknown>(r.result, null), createdAt: r.created_at };
    },
    async insert(rec) {
      const result = await db
        .insertInto('bulk_operations')
        .values({ id: rec.id, org_id: rec.orgId, operation: rec.operation, idempotency_key: rec.key, request_hash: rec.requestHash, result: toJson(rec.result), created_at: rec.createdAt })
        .onConflict((oc) => oc.columns(['org_id', 'operation', 'idempotency_key']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
  };
}
