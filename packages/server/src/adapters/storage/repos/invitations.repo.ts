import type { Kysely, Selectable } from 'kysely';
import type { Role } from '../../../domain/auth/permissions.js';
import type { Invitation, InvitationRepo } from '../../../domain/organisations/invitation-ports.js';
import type { Database, InvitationsTable } from '../schema.js';

const toInvitation = (r: Selectable<InvitationsTable>): Invitation => ({
  id: r.id, orgId: r.org_id, email: r.email, role: r.role as Role, invitedBy: r.invited_by, createdAt: r.created_at,
  expiresAt: r.expires_at, sentAt: r.sent_at, acceptedAt: r.accepted_at, acceptedBy: r.accepted_by,
});

export function invitationRepo(db: Kysely<Database>): InvitationRepo {
  return {
    async insert(i) {
      await db
        .insertInto('invitations')
        .values({ id: i.id, org_id: i.orgId, email: i.email, role: i.role, invited_by: i.invitedBy, token_hash: null, created_at: i.createdAt, expires_at: i.expiresAt, sent_at: i.sentAt, accepted_at: i.acceptedAt, accepted_by: i.acceptedBy })
        .execute();
    },
    async findById(orgId, id) {
      const r = await db.selectFrom('invitations').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return r && toInvitation(r);
    },
    async findByTokenHash(tokenHash) {
      const r = await db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return r && toInvitation(r);
    },
    async listPending(orgId) {
      const rows = await db.selectFrom('invitations').selectAll().where('org_id', '=', orgId).where('accepted_at', 'is', null).orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(toInvitation);
    },
    async setToken(id, tokenHash, sentAt) {
      await db.updateTable('invitations').set({ token_hash: tokenHash, sent_at: sentAt }).where('id', '=', id).where('accepted_at', 'is', null).execute();
    },
    async accept(id, userId, at) {
      const result = await db.updateTable('invitations').set({ accepted_at: at, accepted_by: userId, token_hash: null }).where('id', '=', id).where('accepted_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async remove(orgId, id) {
      const result = await db.deleteFrom('invitations').where('org_id', '=', orgId).where('id', '=', id).where('accepted_at', 'is', null).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async removePendingFor(orgId, email) {
      await db.deleteFrom('invitations').where('org_id', '=', orgId).where('email', '=', email).where('accepted_at', 'is', null).execute();
    },
  };
}
