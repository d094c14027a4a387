import type { Kysely } from 'kysely';
import type { EmailTokenPurpose, EmailTokenRepo } from '../../../domain/earners/ports.js';
import type { Database } from '../schema.js';

export function emailTokenRepo(db: Kysely<Database>): EmailTokenRepo {
  return {
    async insert(t) {
      await db.insertInto('email_tokens').values({ id: t.id, purpose: t.purpose, email: t.email, user_id: t.userId, created_at: t.createdAt, expires_at: t.expiresAt, used_at: t.usedAt }).execute();
    },
    async consume(id, purpose, now) {
      const result = await db
        .updateTable('email_tokens')
        .set({ used_at: now })
        .where('id', '=', id)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return undefined;
      const r = await db.selectFrom('email_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return { id: r.id, purpose: r.purpose as EmailTokenPurpose, email: r.email, userId: r.user_id, createdAt: r.created_at, expiresAt: r.expires_at, usedAt: r.used_at };
    },
  };
}
