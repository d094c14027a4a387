import type { Kysely, Selectable } from 'kysely';
import type { Role } from '../../../domain/auth/permissions.js';
import type { Invitation, InvitationRepo } from '../../../domain/organisations/invitation-ports.js';
import { withKeys, type Keyring, type PersonalDataKeys } from '../personal-data.js';
import type { Database, InvitationsTable } from '../schema.js';
import { accountEmailIndex, accountEmailIndexes, sealContext } from '../sealed-columns.js';

const EMAIL = sealContext('invitations', 'email');

const toInvitation = (k: Keyring) => (r: Selectable<InvitationsTable>): Invitation => ({
  id: r.id, orgId: r.org_id, email: k.open(r.email, EMAIL), role: r.role as Role, invitedBy: r.invited_by, createdAt: r.created_at,
  expiresAt: r.expires_at, sentAt: r.sent_at, acceptedAt: r.accepted_at, acceptedBy: r.accepted_by,
});

/** The invited address is sealed at rest; `email_index` (its blind index) finds an address's pending invitations. */
export function invitationRepo(db: Kysely<Database>, keys: PersonalDataKeys): InvitationRepo {
  const read = <T>(fn: (k: Keyring) => T) => withKeys(keys, db, fn);
  const one = (r: Selectable<InvitationsTable> | undefined) => (r ? read((k) => toInvitation(k)(r)) : undefined);
  return {
    async insert(i) {
      const k = await keys.keyring(db);
      await db
        .insertInto('invitations')
        .values({ id: i.id, org_id: i.orgId, email: k.seal(i.email, EMAIL, i.orgId), email_index: accountEmailIndex(k, i.email), role: i.role, invited_by: i.invitedBy, token_hash: null, created_at: i.createdAt, expires_at: i.expiresAt, sent_at: i.sentAt, accepted_at: i.acceptedAt, accepted_by: i.acceptedBy })
        .execute();
    },
    async findById(orgId, id) {
      return one(await db.selectFrom('invitations').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst());
    },
    async findByTokenHash(tokenHash) {
      return one(await db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst());
    },
    async listPending(orgId) {
      const rows = await db.selectFrom('invitations').selectAll().where('org_id', '=', orgId).where('accepted_at', 'is', null).orderBy('created_at', 'desc').orderBy('id').execute();
      return read((k) => rows.map(toInvitation(k)));
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
      const k = await keys.keyring(db);
      await db.deleteFrom('invitations').where('org_id', '=', orgId).where('email_index', 'in', accountEmailIndexes(k, email)).where('accepted_at', 'is', null).execute();
    },
  };
}
