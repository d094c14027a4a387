import type { Kysely, Selectable } from 'kysely';
import type { ClaimCode, ClaimCodeRepo } from '../../../domain/claim-codes/ports.js';
import type { ClaimCodesTable, Database } from '../schema.js';
import type { PersonalDataKeys } from '../personal-data.js';
import { sealContext } from '../sealed-columns.js';

const CONFIRM_EMAIL = sealContext('claim_code_confirmations', 'email');
const CONFIRM_NAME = sealContext('claim_code_confirmations', 'name');

const toCode = (r: Selectable<ClaimCodesTable>): ClaimCode => ({
  id: r.id, orgId: r.org_id, achievementId: r.achievement_id, codeHash: r.code_hash, label: r.label, expiresAt: r.expires_at, maxUses: Number(r.max_uses),
  uses: Number(r.uses), verifyEmail: Number(r.verify_email) === 1, withdrawnAt: r.withdrawn_at, createdBy: r.created_by, createdAt: r.created_at,
});

/**
 * Claim codes, their redemptions and pending confirmations; every read an API caller reaches is scoped by organisation.
 * Personal data at rest: a redemption keeps the address's blind index only (it dedupes); a pending confirmation seals
 * the address and name (docs/privacy.md).
 */
export function claimCodeRepo(db: Kysely<Database>, keys: PersonalDataKeys): ClaimCodeRepo {
  const emailIndex = async (email: string) => (await keys.keyring(db)).index('email', email);
  const emailIndexes = async (email: string) => (await keys.keyring(db)).indexes('email', email);
  return {
    async insert(c) {
      await db.insertInto('claim_codes').values({
        id: c.id, org_id: c.orgId, achievement_id: c.achievementId, code_hash: c.codeHash, label: c.label, expires_at: c.expiresAt, max_uses: c.maxUses, uses: c.uses,
        verify_email: c.verifyEmail ? 1 : 0, withdrawn_at: c.withdrawnAt, created_by: c.createdBy, created_at: c.createdAt,
      }).execute();
    },
    async findById(orgId, id) {
      const r = await db.selectFrom('claim_codes').selectAll().where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
      return r && toCode(r);
    },
    async findByHash(codeHash) {
      const r = await db.selectFrom('claim_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
      return r && toCode(r);
    },
    async list(orgId, achievementId) {
      let q = db.selectFrom('claim_codes').selectAll().where('org_id', '=', orgId);
      if (achievementId) q = q.where('achievement_id', '=', achievementId);
      return (await q.orderBy('created_at', 'desc').orderBy('id').limit(500).execute()).map(toCode);
    },
    async withdraw(orgId, id, at) {
      await db.updateTable('claim_codes').set({ withdrawn_at: at }).where('id', '=', id).where('org_id', '=', orgId).where('withdrawn_at', 'is', null).execute();
    },
    async takeUse(orgId, id, now) {
      // One statement: on PostgreSQL a concurrent claim waits for the row and re-checks `uses < max_uses`.
      const r = await db
        .updateTable('claim_codes')
        .set((eb) => ({ uses: eb('uses', '+', 1) }))
        .where('id', '=', id)
        .where('org_id', '=', orgId)
        .where('withdrawn_at', 'is', null)
        .where('expires_at', '>', now)
        .where((eb) => eb('uses', '<', eb.ref('max_uses')))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async insertRedemption(x) {
      const r = await db
        .insertInto('claim_code_redemptions')
        .values({ id: x.id, org_id: x.orgId, claim_code_id: x.claimCodeId, email: await emailIndex(x.email), credential_id: x.credentialId, created_at: x.createdAt })
        .onConflict((oc) => oc.columns(['claim_code_id', 'email']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async redeemed(claimCodeId, email) {
      return Boolean(await db.selectFrom('claim_code_redemptions').select('id').where('claim_code_id', '=', claimCodeId).where('email', 'in', await emailIndexes(email)).executeTakeFirst());
    },
    async insertConfirmation(c) {
      const k = await keys.keyring(db);
      await db.insertInto('claim_code_confirmations').values({
        id: c.id, org_id: c.orgId, claim_code_id: c.claimCodeId, token_hash: c.tokenHash, email: k.seal(c.email, CONFIRM_EMAIL, c.orgId), name: k.sealNullable(c.name, CONFIRM_NAME, c.orgId), expires_at: c.expiresAt, created_at: c.createdAt,
      }).execute();
    },
    async takeConfirmation(tokenHash) {
      const r = await db.deleteFrom('claim_code_confirmations').where('token_hash', '=', tokenHash).returningAll().executeTakeFirst();
      if (!r) return undefined;
      const k = await keys.keyring(db);
      return { id: r.id, orgId: r.org_id, claimCodeId: r.claim_code_id, tokenHash: r.token_hash, email: k.open(r.email, CONFIRM_EMAIL), name: k.openNullable(r.name, CONFIRM_NAME), expiresAt: r.expires_at, createdAt: r.created_at };
    },
  };
}
