import type { Kysely, Selectable } from 'kysely';
import type { WalletAccessToken, WalletOffer, WalletOfferRepo } from '../../../domain/oid4vci/ports.js';
import type { Database, WalletOffersTable } from '../schema.js';

const toOffer = (r: Selectable<WalletOffersTable>): WalletOffer => ({
  id: r.id,
  orgId: r.org_id,
  issuerId: r.issuer_id,
  tokenHash: r.token_hash,
  codeHash: r.code_hash,
  credentialIds: JSON.parse(r.credential_ids) as string[],
  txCodeRequired: Number(r.tx_code_required) === 1,
  txCodeHash: r.tx_code_hash,
  txCodeAttempts: Number(r.tx_code_attempts),
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  redeemedAt: r.redeemed_at,
});

/** Credential offers, their access tokens and the nonce endpoint's c_nonces (OpenID4VCI); secrets as hashes. */
export function walletOfferRepo(db: Kysely<Database>): WalletOfferRepo {
  const one = async (column: 'id' | 'token_hash' | 'code_hash', value: string) => {
    const r = await db.selectFrom('wallet_offers').selectAll().where(column, '=', value).executeTakeFirst();
    return r && toOffer(r);
  };
  return {
    async insert(o) {
      await db
        .insertInto('wallet_offers')
        .values({
          id: o.id,
          org_id: o.orgId,
          issuer_id: o.issuerId,
          token_hash: o.tokenHash,
          code_hash: o.codeHash,
          credential_ids: JSON.stringify(o.credentialIds),
          tx_code_required: o.txCodeRequired ? 1 : 0,
          tx_code_hash: o.txCodeHash,
          tx_code_attempts: o.txCodeAttempts,
          created_by: o.createdBy,
          created_at: o.createdAt,
          expires_at: o.expiresAt,
          redeemed_at: o.redeemedAt,
        })
        .execute();
    },
    findByToken: (hash) => one('token_hash', hash),
    findByCode: (hash) => one('code_hash', hash),
    findById: (id) => one('id', id),
    async setTxCode(id, hash) {
      await db.updateTable('wallet_offers').set({ tx_code_hash: hash }).where('id', '=', id).execute();
    },
    async takeTxCodeAttempt(id, max) {
      const result = await db
        .updateTable('wallet_offers')
        .set((eb) => ({ tx_code_attempts: eb('tx_code_attempts', '+', 1) }))
        .where('id', '=', id)
        .where('tx_code_attempts', '<', max)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async redeem(id, at) {
      const result = await db
        .updateTable('wallet_offers')
        .set({ redeemed_at: at })
        .where('id', '=', id)
        .where('redeemed_at', 'is', null)
        .where('expires_at', '>', at)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async insertAccessToken(t: WalletAccessToken) {
      await db
        .insertInto('wallet_access_tokens')
        .values({ token_hash: t.tokenHash, offer_id: t.offerId, org_id: t.orgId, issuer_id: t.issuerId, credential_ids: JSON.stringify(t.credentialIds), created_at: t.createdAt, expires_at: t.expiresAt, dpop_jkt: t.dpopJkt })
        .execute();
    },
    async findAccessToken(hash) {
      const r = await db.selectFrom('wallet_access_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
      return (
        r && {
          tokenHash: r.token_hash,
          offerId: r.offer_id,
          orgId: r.org_id,
          issuerId: r.issuer_id,
          credentialIds: JSON.parse(r.credential_ids) as string[],
          createdAt: r.created_at,
          expiresAt: r.expires_at,
          dpopJkt: r.dpop_jkt,
        }
      );
    },
    async insertNonce(n) {
      await db.insertInto('wallet_nonces').values({ nonce_hash: n.nonceHash, issuer_id: n.issuerId, expires_at: n.expiresAt }).execute();
    },
    async consumeNonce(hash, issuerId, now) {
      const result = await db.deleteFrom('wallet_nonces').where('nonce_hash', '=', hash).where('issuer_id', '=', issuerId).where('expires_at', '>', now).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
    async purgeExpired(now, before) {
      await db.deleteFrom('wallet_nonces').where('expires_at', '<=', now).execute();
      const old = db.selectFrom('wallet_offers').select('id').where('expires_at', '<', before);
      await db.deleteFrom('wallet_access_tokens').where('offer_id', 'in', old).execute();
      await db.deleteFrom('wallet_offers').where('expires_at', '<', before).execute();
    },
  };
}
