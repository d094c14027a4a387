import { sql, type Kysely, type Selectable } from 'kysely';
import type { Issuer, IssuerIdentity, IssuerRepo } from '../../../domain/issuers/ports.js';
import type { StatusPurpose } from '../../../domain/status/ports.js';
import type { Database, IssuersTable } from '../schema.js';
import { likePattern, paginate, sortSpec } from './pagination.js';

export const toIssuer = (r: Selectable<IssuersTable>): Issuer => ({
  id: r.id, orgId: r.org_id, name: r.name, url: r.url, email: r.email, description: r.description, image: r.image,
  identity: r.identity as IssuerIdentity,
  vcApiStatusPurposes: r.vc_api_status_purposes === '' ? [] : (r.vc_api_status_purposes.split(',') as StatusPurpose[]),
  createdAt: r.created_at, updatedAt: r.updated_at,
});

const SORTS = { createdAt: 'created_at', name: 'name' };

export function issuerRepo(db: Kysely<Database>): IssuerRepo {
  return {
    async insert(i) {
      await db
        .insertInto('issuers')
        .values({ id: i.id, org_id: i.orgId, name: i.name, url: i.url, email: i.email, description: i.description, image: i.image, did_web: null, identity: i.identity, vc_api_status_purposes: i.vcApiStatusPurposes.join(','), created_at: i.createdAt, updated_at: i.updatedAt })
        .execute();
    },
    async findById(orgId, id) {
      const r = await db.selectFrom('issuers').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return r && toIssuer(r);
    },
    async findPublic(id) {
      const r = await db.selectFrom('issuers').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toIssuer(r);
    },
    async findManyPublic(ids) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('issuers').selectAll().where('id', 'in', ids).execute();
      return rows.map(toIssuer);
    },
    async list(orgId, query) {
      let qb = db.selectFrom('issuers').selectAll().where('org_id', '=', orgId);
      if (query.q) qb = qb.where(sql<boolean>`lower(name) like ${likePattern(query.q)} escape '\\'`);
      const spec = sortSpec(query.sort, SORTS);
      const page = await paginate(qb, spec, 'id', query, (r) => (spec.column === 'name' ? r.name : r.created_at));
      return { items: page.items.map(toIssuer), nextCursor: page.nextCursor };
    },
    async update(i) {
      await db
        .updateTable('issuers')
        .set({ name: i.name, url: i.url, email: i.email, description: i.description, image: i.image, vc_api_status_purposes: i.vcApiStatusPurposes.join(','), updated_at: i.updatedAt })
        .where('org_id', '=', i.orgId)
        .where('id', '=', i.id)
        .execute();
    },
  };
}
