import type { Kysely, Selectable } from 'kysely';
import type { ChallengePurpose, PasskeyRepo, StoredPasskey } from '../../../domain/mfa/ports.js';
import type { Database, WebauthnCredentialsTable } from '../schema.js';
import { fromJson, toJson } from './json.js';

const toPasskey = (r: Selectable<WebauthnCredentialsTable>): StoredPasskey => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  publicKey: r.public_key,
  counter: Number(r.counter),
  transports: fromJson<string[]>(r.transports, []),
  deviceType: r.device_type,
  backedUp: Boolean(r.backed_up),
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

export function passkeyRepo(db: Kysely<Database>): PasskeyRepo {
  return {
    async insert(p) {
      await db
        .insertInto('webauthn_credentials')
        .values({
          id: p.id, user_id: p.userId, name: p.name, public_key: p.publicKey, counter: p.counter, transports: toJson(p.transports),
          device_type: p.deviceType, backed_up: p.backedUp ? 1 : 0, created_at: p.createdAt, last_used_at: p.lastUsedAt,
        })
        .execute();
    },
    async find(id) {
      const r = await db.selectFrom('webauthn_credentials').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toPasskey(r);
    },
    async listForUser(userId) {
      const rows = await db.selectFrom('webauthn_credentials').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toPasskey);
    },
    async recordUse(id, counter, at) {
      await db.updateTable('webauthn_credentials').set({ counter, last_used_at: at }).where('id', '=', id).execute();
    },
    async remove(userId, id) {
      const result = await db.deleteFrom('webauthn_credentials').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
    async removeAllForUser(userId) {
      await db.deleteFrom('webauthn_credentials').where('user_id', '=', userId).execute();
    },
    async putChallenge(c, now) {
      await db.deleteFrom('webauthn_challenges').where((eb) => eb.or([eb('id', '=', c.bindingId), eb('expires_at', '<=', now)])).execute();
      await db.insertInto('webauthn_challenges').values({ id: c.bindingId, purpose: c.purpose, user_id: c.userId, challenge: c.challenge, expires_at: c.expiresAt }).execute();
    },
    async takeChallenge(bindingId, purpose, now) {
      const r = await db.selectFrom('webauthn_challenges').selectAll().where('id', '=', bindingId).executeTakeFirst();
      if (!r) return undefined;
      // Only the request that deletes the row may use it: a challenge answers once.
      const result = await db.deleteFrom('webauthn_challenges').where('id', '=', bindingId).where('challenge', '=', r.challenge).executeTakeFirst();
      if (Number(result.numDeletedRows) !== 1 || r.purpose !== purpose || r.expires_at <= now) return undefined;
      return { bindingId: r.id, purpose: r.purpose as ChallengePurpose, userId: r.user_id, challenge: r.challenge, expiresAt: r.expires_at };
    },
  };
}
