import type { Kysely, Selectable } from 'kysely';
import type { ClaimToken, ClaimTokenRepo, OptOutRepo, UnsubscribeTokenRepo } from '../../../domain/notifications/ports.js';
import type { ClaimTokensTable, Database } from '../schema.js';
import { withKeys, type Keyring, type PersonalDataKeys } from '../personal-data.js';
import { sealContext } from '../sealed-columns.js';

const EMAIL = sealContext('claim_tokens', 'email');
const UNSUBSCRIBE = sealContext('unsubscribe_tokens', 'email');
const OPT_OUT = sealContext('email_opt_outs', 'email_sealed');

const toClaim = (k: Keyring, r: Selectable<ClaimTokensTable>): ClaimToken => ({
  id: r.id, orgId: r.org_id, credentialId: r.credential_id, email: k.open(r.email, EMAIL), jobId: r.job_id, createdAt: r.created_at,
  expiresAt: r.expires_at, sentAt: r.sent_at, usedAt: r.used_at, usedBy: r.used_by,
});

export function claimTokenRepo(db: Kysely<Database>, keys: PersonalDataKeys): ClaimTokenRepo {
  const read = <T>(fn: (k: Keyring) => T) => withKeys(keys, db, fn);
  return {
    async insert(c) {
      const k = await keys.keyring(db);
      await db
        .insertInto('claim_tokens')
        .values({ id: c.id, org_id: c.orgId, credential_id: c.credentialId, email: k.seal(c.email, EMAIL, c.orgId), job_id: c.jobId, created_at: c.createdAt, expires_at: c.expiresAt, sent_at: c.sentAt, used_at: c.usedAt, used_by: c.usedBy })
        .execute();
    },
    async find(id) {
      const r = await db.selectFrom('claim_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return r && read((k) => toClaim(k, r));
    },
    async findByJob(jobId) {
      const r = await db.selectFrom('claim_tokens').selectAll().where('job_id', '=', jobId).executeTakeFirst();
      return r && read((k) => toClaim(k, r));
    },
    async removeUnsentForJob(jobId) {
      await db.deleteFrom('claim_tokens').where('job_id', '=', jobId).where('sent_at', 'is', null).execute();
    },
    async markSent(id, at) {
      await db.updateTable('claim_tokens').set({ sent_at: at }).where('id', '=', id).execute();
    },
    async use(id, userId, at) {
      const result = await db.updateTable('claim_tokens').set({ used_at: at, used_by: userId }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

/** The opt-outs are keyed by the address's blind index (`email`); the address is sealed in `email_sealed`. */
export function optOutRepo(db: Kysely<Database>, keys: PersonalDataKeys): OptOutRepo {
  return {
    async add(orgId, email, at) {
      const k = await keys.keyring(db);
      await db
        .insertInto('email_opt_outs')
        .values({ org_id: orgId, email: k.index('email', email), email_sealed: k.seal(email, OPT_OUT, orgId), created_at: at })
        .onConflict((oc) => oc.columns(['email', 'org_id']).doNothing())
        .execute();
    },
    async has(orgId, email) {
      const k = await keys.keyring(db);
      return (await db.selectFrom('email_opt_outs').select('email').where('org_id', '=', orgId).where('email', 'in', k.indexes('email', email)).executeTakeFirst()) !== undefined;
    },
    async among(orgId, emails) {
      const k = await keys.keyring(db);
      const found: string[] = [];
      // A slice of addresses per query, their blind indexes computed slice by slice (the event loop is given back at each query).
      for (let i = 0; i < emails.length; i += 250) {
        const byIndex = new Map(emails.slice(i, i + 250).flatMap((e) => k.indexes('email', e).map((x) => [x, e] as const)));
        const chunk = [...byIndex.keys()];
        found.push(...(await db.selectFrom('email_opt_outs').select('email').where('org_id', '=', orgId).where('email', 'in', chunk).execute()).map((r) => byIndex.get(r.email)!));
      }
      return [...new Set(found)];
    },
  };
}

export function unsubscribeTokenRepo(db: Kysely<Database>, keys: PersonalDataKeys): UnsubscribeTokenRepo {
  return {
    async insert(t) {
      const k = await keys.keyring(db);
      await db.insertInto('unsubscribe_tokens').values({ id: t.id, org_id: t.orgId, email: k.seal(t.email, UNSUBSCRIBE, t.orgId), email_index: k.index('email', t.email), created_at: t.createdAt, expires_at: t.expiresAt }).execute();
    },
    async find(id) {
      const r = await db.selectFrom('unsubscribe_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return r && withKeys(keys, db, (k) => ({ id: r.id, orgId: r.org_id, email: k.open(r.email, UNSUBSCRIBE), createdAt: r.created_at, expiresAt: r.expires_at }));
    },
  };
}
