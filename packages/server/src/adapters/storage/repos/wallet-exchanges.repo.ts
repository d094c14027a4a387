import type { Kysely, Selectable } from 'kysely';
import type { WalletExchange, WalletExchangeRepo } from '../../../domain/wallet-exchanges/ports.js';
import type { Database, WalletExchangesTable } from '../schema.js';

const toExchange = (r: Selectable<WalletExchangesTable>): WalletExchange => ({
  id: r.id,
  orgId: r.org_id,
  issuerId: r.issuer_id,
  credentialId: r.credential_id,
  tokenHash: r.token_hash,
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  completedAt: r.completed_at,
  holder: r.holder,
});

/** VC-API exchanges (DIDAuth) for wallets; the URL token as a hash. */
export function walletExchangeRepo(db: Kysely<Database>): WalletExchangeRepo {
  return {
    async insert(e) {
      await db
        .insertInto('wallet_exchanges')
        .values({
          id: e.id,
          org_id: e.orgId,
          issuer_id: e.issuerId,
          credential_id: e.credentialId,
          token_hash: e.tokenHash,
          created_by: e.createdBy,
          created_at: e.createdAt,
          expires_at: e.expiresAt,
          completed_at: e.completedAt,
          holder: e.holder,
        })
        .execute();
    },
    async findByToken(hash) {
      const r = await db.selectFrom('wallet_exchanges').selectAll().where('token_hash', '=', hash).executeTakeFirst();
      return r && toExchange(r);
    },
    async complete(id, holder, at) {
      const result = await db
        .updateTable('wallet_exchanges')
        .set({ completed_at: at, holder })
        .where('id', '=', id)
        .where('completed_at', 'is', null)
        .where('expires_at', '>', at)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async purgeExpired(before) {
      await db.deleteFrom('wallet_exchanges').where('expires_at', '<', before).execute();
    },
  };
}
