import type { Kysely } from 'kysely';
import type { HostedCredential, HostedCredentialRepo } from '../../../domain/ob-api/ports.js';
import type { Database } from '../schema.js';

export function hostedCredentialRepo(db: Kysely<Database>): HostedCredentialRepo {
  return {
    async upsert(c) {
      const existing = await db.selectFrom('hosted_credentials').select('id').where('user_id', '=', c.userId).where('dedupe_key', '=', c.dedupeKey).executeTakeFirst();
      if (existing) {
        await db
          .updateTable('hosted_credentials')
          .set({ format: c.format, body: c.body, issuer: c.issuer, issued_at: c.issuedAt, client_id: c.clientId, updated_at: c.updatedAt })
          .where('id', '=', existing.id)
          .execute();
        return false;
      }
      // Two pushes of the same credential at once: the unique key keeps one row; the later one replaces it.
      await db
        .insertInto('hosted_credentials')
        .values({
          id: c.id, user_id: c.userId, dedupe_key: c.dedupeKey, format: c.format, body: c.body, issuer: c.issuer, issued_at: c.issuedAt,
          client_id: c.clientId, created_at: c.createdAt, updated_at: c.updatedAt,
        })
        .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doUpdateSet({ body: c.body, format: c.format, updated_at: c.updatedAt }))
        .execute();
      return true;
    },
    async listForUser(userId) {
      const rows = await db.selectFrom('hosted_credentials').selectAll().where('user_id', '=', userId).orderBy('issued_at').orderBy('id').execute();
      return rows.map((r) => ({
        id: r.id, userId: r.user_id, dedupeKey: r.dedupe_key, format: r.format as HostedCredential['format'], body: r.body, issuer: r.issuer,
        issuedAt: r.issued_at, clientId: r.client_id, createdAt: r.created_at, updatedAt: r.updated_at,
      }));
    },
  };
}
