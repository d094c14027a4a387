import type { Kysely, Selectable } from 'kysely';
import type { ClaimToken, ClaimTokenRepo, OptOutRepo, UnsubscribeTokenRepo } from '../../../domain/notifications/ports.js';
import type { ClaimTokensTable, Database } from '../schema.js';

const toClaim = (r: Selectable<ClaimTokensTable>): ClaimToken => ({
  id: r.id, orgId: r.org_id, credentialId: r.credential_id, email: r.email, jobId: r.job_id, createdAt: r.created_at,
  expiresAt: r.expires_at, sentAt: r.sent_at, usedAt: r.used_at, usedBy: r.used_by,
});

export function claimTokenRepo(db: Kysely<Database>): ClaimTokenRepo {
  return {
    async insert(c) {
      await db
        .insertInto('claim_tokens')
        .values({ id: c.id, org_id: c.orgId, credential_id: c.credentialId, email: c.email, job_id: c.jobId, created_at: c.createdAt, expires_at: c.expiresAt, sent_at: c.sentAt, used_at: c.usedAt, used_by: c.usedBy })
        .execute();
    },
    async find(id) {
      const r = await db.selectFrom('claim_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toClaim(r);
    },
    async findByJob(jobId) {
      const r = await db.selectFrom('claim_tokens').selectAll().where('job_id', '=', jobId).executeTakeFirst();
      return r && toClaim(r);
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

export function optOutRepo(db: Kysely<Database>): OptOutRepo {
  return {
    async add(orgId, email, at) {
      await db.insertInto('email_opt_outs').values({ org_id: orgId, email, created_at: at }).onConflict((oc) => oc.columns(['email', 'org_id']).doNothing()).execute();
    },
    async has(orgId, email) {
      return (await db.selectFrom('email_opt_outs').select('email').where('org_id', '=', orgId).where('email', '=', email).executeTakeFirst()) !== undefined;
    },
    async among(orgId, emails) {
      const found: string[] = [];
      for (let i = 0; i < emails.length; i += 500) {
        const chunk = emails.slice(i, i + 500);
        found.push(...(await db.selectFrom('email_opt_outs').select('email').where('org_id', '=', orgId).where('email', 'in', chunk).execute()).map((r) => r.email));
      }
      return found;
    },
  };
}

export function unsubscribeTokenRepo(db: Kysely<Database>): UnsubscribeTokenRepo {
  return {
    async insert(t) {
      await db.insertInto('unsubscribe_tokens').values({ id: t.id, org_id: t.orgId, email: t.email, created_at: t.createdAt, expires_at: t.expiresAt }).execute();
    },
    async find(id) {
      const r = await db.selectFrom('unsubscribe_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return r && { id: r.id, orgId: r.org_id, email: r.email, createdAt: r.created_at, expiresAt: r.expires_at };
    },
  };
}
