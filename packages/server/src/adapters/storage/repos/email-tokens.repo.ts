import type { Kysely } from 'kysely';
import type { EmailTokenPurpose, EmailTokenRepo } from '../../../domain/earners/ports.js';
import { withKeys, type PersonalDataKeys } from '../personal-data.js';
import type { Database } from '../schema.js';
import { accountEmailIndex, sealContext } from '../sealed-columns.js';

const EMAIL = sealContext('email_tokens', 'email');

/** The address a link was sent to is sealed at rest; `email_index` (its blind index) finds an account's tokens for erasure. */
export function emailTokenRepo(db: Kysely<Database>, keys: PersonalDataKeys): EmailTokenRepo {
  return {
    async insert(t) {
      const k = await keys.keyring(db);
      await db.insertInto('email_tokens').values({ id: t.id, purpose: t.purpose, email: k.seal(t.email, EMAIL), email_index: accountEmailIndex(k, t.email), user_id: t.userId, created_at: t.createdAt, expires_at: t.expiresAt, used_at: t.usedAt }).execute();
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
      return { id: r.id, purpose: r.purpose as EmailTokenPurpose, email: await withKeys(keys, db, (k) => k.open(r.email, EMAIL)), userId: r.user_id, createdAt: r.created_at, expiresAt: r.expires_at, usedAt: r.used_at };
    },
  };
}
