import type { Kysely, Selectable } from 'kysely';
import type { Endorsement, EndorsementDirection, EndorsementRepo, EndorsementSubjectType } from '../../../domain/endorsements/ports.js';
import type { Database, EndorsementsTable } from '../schema.js';

const LIMIT = 500;

const toEndorsement = (r: Selectable<EndorsementsTable>): Endorsement => ({
  id: r.id, orgId: r.org_id, direction: r.direction as EndorsementDirection, credentialId: r.credential_id, endorserIssuerId: r.endorser_issuer_id,
  endorserId: r.endorser_id, endorserName: r.endorser_name, subjectType: r.subject_type as EndorsementSubjectType, subjectId: r.subject_id,
  subjectOrgId: r.subject_org_id, subjectUrl: r.subject_url, comment: r.comment, document: r.document, revokedAt: r.revoked_at, hiddenAt: r.hidden_at, createdBy: r.created_by, createdAt: r.created_at,
});

/** Endorsements; every read an API caller reaches is scoped by organisation (the public ones only show live, issued or accepted rows). */
export function endorsementRepo(db: Kysely<Database>): EndorsementRepo {
  return {
    async insert(e) {
      await db.insertInto('endorsements').values({
        id: e.id, org_id: e.orgId, direction: e.direction, credential_id: e.credentialId, endorser_issuer_id: e.endorserIssuerId, endorser_id: e.endorserId,
        endorser_name: e.endorserName, subject_type: e.subjectType, subject_id: e.subjectId, subject_org_id: e.subjectOrgId, subject_url: e.subjectUrl,
        comment: e.comment, document: e.document, revoked_at: e.revokedAt, hidden_at: e.hiddenAt, created_by: e.createdBy, created_at: e.createdAt,
      }).execute();
    },
    async findById(orgId, id) {
      const r = await db.selectFrom('endorsements').selectAll().where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
      return r && toEndorsement(r);
    },
    async findByCredentialId(orgId, credentialId) {
      const r = await db.selectFrom('endorsements').selectAll().where('org_id', '=', orgId).where('credential_id', '=', credentialId).executeTakeFirst();
      return r && toEndorsement(r);
    },
    async findPublic(id) {
      const r = await db.selectFrom('endorsements').selectAll().where('id', '=', id).where('direction', '=', 'issued').executeTakeFirst();
      return r && toEndorsement(r);
    },
    async listForOrg(orgId) {
      const rows = await db.selectFrom('endorsements').selectAll()
        .where((eb) => eb.or([eb('org_id', '=', orgId), eb('subject_org_id', '=', orgId)]))
        .orderBy('created_at', 'desc').orderBy('id').limit(LIMIT).execute();
      return rows.map(toEndorsement);
    },
    async listLiveForSubjectOrg(subjectOrgId) {
      const rows = await db.selectFrom('endorsements').selectAll().where('subject_org_id', '=', subjectOrgId).where('revoked_at', 'is', null).where('hidden_at', 'is', null)
        .orderBy('created_at', 'desc').orderBy('id').limit(LIMIT).execute();
      return rows.map(toEndorsement);
    },
    async listLiveForSubject(subjectOrgId, subjectType, subjectId) {
      const rows = await db.selectFrom('endorsements').selectAll().where('subject_org_id', '=', subjectOrgId).where('subject_type', '=', subjectType)
        .where('subject_id', '=', subjectId).where('revoked_at', 'is', null).where('hidden_at', 'is', null).orderBy('created_at').orderBy('id').limit(20).execute();
      return rows.map(toEndorsement);
    },
    async findShownReceived(id) {
      const r = await db.selectFrom('endorsements').selectAll().where('id', '=', id).where('direction', '=', 'received')
        .where('revoked_at', 'is', null).where('hidden_at', 'is', null).executeTakeFirst();
      return r && toEndorsement(r);
    },
    async findForSubjectOrg(subjectOrgId, id) {
      const r = await db.selectFrom('endorsements').selectAll().where('id', '=', id).where('subject_org_id', '=', subjectOrgId).executeTakeFirst();
      return r && toEndorsement(r);
    },
    async hide(subjectOrgId, id, at) {
      await db.updateTable('endorsements').set({ hidden_at: at }).where('id', '=', id).where('subject_org_id', '=', subjectOrgId).where('hidden_at', 'is', null).execute();
    },
    async revoke(orgId, id, at) {
      await db.updateTable('endorsements').set({ revoked_at: at }).where('id', '=', id).where('org_id', '=', orgId).where('revoked_at', 'is', null).execute();
    },
  };
}
