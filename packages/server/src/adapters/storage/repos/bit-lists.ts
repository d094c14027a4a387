import type { Kysely } from 'kysely';
import type { StatusList, StatusPurpose } from '../../../domain/status/ports.js';
import type { Engine } from '../db.js';
import type { Database } from '../schema.js';

/** The tables that hold signed-list bitstrings, one row per issuer and purpose (same columns). */
export type BitListTable = 'status_lists' | 'vc_status_lists';

/** Create-if-absent, read (optionally locked for update on PostgreSQL) and save of a table's bit lists. */
export function bitLists(db: Kysely<Database>, engine: Engine, table: BitListTable) {
  // Both tables share one row type; Kysely is given the first name, the SQL uses `table`.
  const t = table as 'status_lists';
  return {
    async ensure(lists: readonly StatusList[]): Promise<void> {
      for (const l of lists) {
        await db
          .insertInto(t)
          .values({ id: l.id, org_id: l.orgId, issuer_id: l.issuerId, purpose: l.purpose, size: l.size, bits: Buffer.from(l.bits).toString('base64'), allocated: l.allocated, updated_at: l.updatedAt })
          .onConflict((oc) => oc.columns(['issuer_id', 'purpose']).doNothing())
          .execute();
      }
    },
    async get(issuerId: string, purpose: StatusPurpose, options: { forUpdate?: boolean } = {}): Promise<StatusList | undefined> {
      let q = db.selectFrom(t).selectAll().where('issuer_id', '=', issuerId).where('purpose', '=', purpose);
      if (options.forUpdate && engine === 'postgres') q = q.forUpdate();
      const r = await q.executeTakeFirst();
      return (
        r && {
          id: r.id, orgId: r.org_id, issuerId: r.issuer_id, purpose: r.purpose as StatusPurpose, size: r.size,
          bits: new Uint8Array(Buffer.from(r.bits, 'base64')), allocated: r.allocated, updatedAt: r.updated_at,
        }
      );
    },
    async save(l: Pick<StatusList, 'id' | 'bits' | 'updatedAt'>): Promise<void> {
      await db.updateTable(t).set({ bits: Buffer.from(l.bits).toString('base64'), size: l.bits.length * 8, updated_at: l.updatedAt }).where('id', '=', l.id).execute();
    },
  };
}
