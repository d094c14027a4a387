import type { Kysely, Selectable } from 'kysely';
import type { EarnerOidcLink, EarnerOidcRepo } from '../../../domain/earner-oidc/ports.js';
import type { Database, EarnerOidcLinksTable } from '../schema.js';
import type { Keyring, PersonalDataKeys } from '../personal-data.js';
import { sealContext } from '../sealed-columns.js';

const LINK_EMAIL = sealContext('earner_oidc_links', 'email');

const toLink = (k: Keyring, r: Selectable<EarnerOidcLinksTable>): EarnerOidcLink => ({
  id: r.id, provider: r.provider, subject: r.subject, userId: r.user_id, email: k.openNullable(r.email, LINK_EMAIL), createdAt: r.created_at, lastSignInAt: r.last_sign_in_at,
});

/** Earners' provider links; the address a provider gave is sealed at rest, addresses are found by their blind index. */
export function earnerOidcRepo(db: Kysely<Database>, keys: PersonalDataKeys): EarnerOidcRepo {
  return {
    async insertPending(p) {
      await db.insertInto('earner_oidc_pending').values({ id: p.id, provider: p.provider, nonce: p.nonce, code_verifier: p.codeVerifier, created_at: p.createdAt, expires_at: p.expiresAt }).execute();
    },
    async takePending(id) {
      const r = await db.deleteFrom('earner_oidc_pending').where('id', '=', id).returningAll().executeTakeFirst();
      return r && { id: r.id, provider: r.provider, nonce: r.nonce, codeVerifier: r.code_verifier, createdAt: r.created_at, expiresAt: r.expires_at };
    },
    async removeExpiredPending(now) {
      await db.deleteFrom('earner_oidc_pending').where('expires_at', '<=', now).execute();
    },
    async findLink(provider, subject) {
      const r = await db.selectFrom('earner_oidc_links').selectAll().where('provider', '=', provider).where('subject', '=', subject).executeTakeFirst();
      return r && toLink(await keys.keyring(db), r);
    },
    async insertLink(l) {
      const k = await keys.keyring(db);
      await db.insertInto('earner_oidc_links').values({ id: l.id, provider: l.provider, subject: l.subject, user_id: l.userId, email: k.sealNullable(l.email, LINK_EMAIL), created_at: l.createdAt, last_sign_in_at: l.lastSignInAt }).execute();
    },
    async touchLink(id, at) {
      await db.updateTable('earner_oidc_links').set({ last_sign_in_at: at }).where('id', '=', id).execute();
    },
    async listLinks(userId) {
      const k = await keys.keyring(db);
      return (await db.selectFrom('earner_oidc_links').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute()).map((r) => toLink(k, r));
    },
    async removeLink(userId, id) {
      const result = await db.deleteFrom('earner_oidc_links').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async findVerifiedEmailHolder(email) {
      const r = await db.selectFrom('user_addresses').select('user_id').where('type', '=', 'email').where('value_index', 'in', (await keys.keyring(db)).indexes('email', email)).where('verified_at', 'is not', null).executeTakeFirst();
      return r?.user_id;
    },
  };
}
