import type { Kysely } from 'kysely';
import type { StatusPurpose } from '../../../domain/status/ports.js';
import type { VcStatusRepo } from '../../../domain/vc-api/status-ports.js';
import type { Engine } from '../db.js';
import type { Database } from '../schema.js';
import { bitLists } from './bit-lists.js';

export function vcStatusRepo(db: Kysely<Database>, engine: Engine): VcStatusRepo {
  const lists = bitLists(db, engine, 'vc_status_lists');
  return {
    ensureLists: lists.ensure,
    getList: lists.get,
    saveList: lists.save,
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
