import type { Kysely, Selectable } from 'kysely';
import { DEFAULT_DESIGN, type CertificateDesign, type CertificateTemplate, type CertificateTemplateRepo, type TemplateTarget } from '../../../domain/certificates/ports.js';
import type { CertificateTemplatesTable, Database } from '../schema.js';
import { fromJson, toJson } from './json.js';

const toTemplate = (r: Selectable<CertificateTemplatesTable>): CertificateTemplate => ({
  id: r.id,
  orgId: r.org_id,
  target: r.target as TemplateTarget,
  // Fields added to the design later read as their defaults in rows written before.
  design: { ...DEFAULT_DESIGN, ...fromJson<Partial<CertificateDesign>>(r.design, {}) },
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Certificate templates, always read and written within one organisation. */
export function certificateTemplateRepo(db: Kysely<Database>): CertificateTemplateRepo {
  return {
    async list(orgId) {
      return (await db.selectFrom('certificate_templates').selectAll().where('org_id', '=', orgId).orderBy('target').execute()).map(toTemplate);
    },
    async find(orgId, target) {
      const row = await db.selectFrom('certificate_templates').selectAll().where('org_id', '=', orgId).where('target', '=', target).executeTakeFirst();
      return row && toTemplate(row);
    },
    async upsert(t) {
      await db
        .insertInto('certificate_templates')
        .values({ id: t.id, org_id: t.orgId, target: t.target, design: toJson(t.design), created_at: t.createdAt, updated_at: t.updatedAt })
        .onConflict((oc) => oc.columns(['org_id', 'target']).doUpdateSet({ design: toJson(t.design), updated_at: t.updatedAt }))
        .execute();
    },
    async delete(orgId, target) {
      const result = await db.deleteFrom('certificate_templates').where('org_id', '=', orgId).where('target', '=', target).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
