import type { Kysely } from 'kysely';
import type { StatusPurpose } from '../../../domain/status/ports.js';
import type { VcStatusRepo } from '../../../domain/vc-api/status-ports.js';
import type { Engine } from '../db.js';
import type { Database } from '../schema.js';

export function vcStatusRepo(db: Kysely<Database>, engine: Engine): VcStatusRepo {
  return {
    async ensureLists(lists) {
      for (const l of lists) {
        await db
          .insertInto('vc_status_lists')
          .values({ id: l.id, org_id: l.orgId, issuer_id: l.issuerId, purpose: l.purpose, size: l.size, bits: Buffer.from(l.bits).toString('base64'), allocated: l.allocated, updated_at: l.updatedAt })
          .onConflict((oc) => oc.columns(['issuer_id', 'purpose']).doNothing())
          .execute();
      }
    },
    async getList(issuerId, purpose, options = {}) {
      let q = db.selectFrom('vc_status_lists').selectAll().where('issuer_id', '=', issuerId).where('purpose', '=', purpose);
      if (options.forUpdate && engine === 'postgres') q = q.forUpdate();
      const r = await q.executeTakeFirst();
      return (
        r && {
          id: r.id, orgId: r.org_id, issuerId: r.issuer_id, purpose: r.purpose as StatusPurpose, size: r.size,
          bits: new Uint8Array(Buffer.from(r.bits, 'base64')), allocated: r.allocated, updatedAt: r.updated_at,
        }
      );
    },
    async saveList(l) {
      await db.updateTable('vc_status_lists').set({ bits: Buffer.from(l.bits).toString('base64'), size: l.bits.length * 8, updated_at: l.updatedAt }).where('id', '=', l.id).execute();
    },
    async insertEntry(e) {
      await db
        .insertInto('vc_status_entries')
        .values({ id: e.id, org_id: e.orgId, issuer_id: e.issuerId, credential_id: e.credentialId, status_index: e.index, purposes: e.purposes.join(','), created_at: e.createdAt })
        .execute();
    },
    async findEntry(orgId, credentialId) {
      const r = await db.selectFrom('vc_status_entries').selectAll().where('org_id', '=', orgId).where('credential_id', '=', credentialId).executeTakeFirst();
      return (
        r && {
          id: r.id, orgId: r.org_id, issuerId: r.issuer_id, credentialId: r.credential_id, index: r.status_index,
          purposes: r.purposes.split(',').filter(Boolean) as StatusPurpose[], createdAt: r.created_at,
        }
      );
    },
    async isIndexTaken(issuerId, index) {
      const r = await db.selectFrom('vc_status_entries').select('id').where('issuer_id', '=', issuerId).where('status_index', '=', index).executeTakeFirst();
      return r !== undefined;
    },
  };
}
