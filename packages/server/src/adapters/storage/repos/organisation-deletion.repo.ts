import { sql, type Kysely } from 'kysely';
import type { OrganisationDeletionRepo } from '../../../domain/organisations/deletion-ports.js';
import { orgDataKeyPattern, type PersonalDataKeys } from '../personal-data.js';
import type { Database } from '../schema.js';

/** What ends with the deletion itself: access to the organisation. */
const ACCESS = ['sessions', 'api_keys', 'oauth_tokens', 'oauth_clients', 'invitations', 'memberships'] as const;

/**
 * The organisation's rows the purge deletes (by `org_id`; children before parents, though most cascade). What is
 * not here stays: the organisation's row (marked deleted), its audit log and chain head (ids, no names or
 * addresses; IP addresses and user agents forgotten), and what verifies its credentials (VERIFICATION).
 */
export const PURGED = [
  'webhook_attempts', 'webhook_messages', 'webhook_endpoints', 'idempotency_keys', 'jobs', 'claim_tokens', 'unsubscribe_tokens',
  'email_opt_outs', 'bulk_import_results', 'bulk_imports', 'bulk_operations', 'migration_imports', 'imported_awards', 'claim_code_confirmations',
  'claim_code_redemptions', 'claim_codes', 'rule_awards', 'inbound_events', 'award_rules', 'event_sources', 'evidence_files',
  'credential_events', 'expiry_reminders', 'renewal_requests', 'wallet_access_tokens', 'wallet_offers', 'wallet_exchanges',
  'lti_launches', 'lti_placements', 'lti_registration_links', 'lti_platforms', 'sso_sessions', 'sso_pending_links', 'sso_pending', 'sso_identities', 'sso_domains',
  'sso_connections', 'analytics_daily', 'analytics_daily_totals', 'analytics_monthly', 'certificate_templates',
  ...ACCESS,
] as const;

/**
 * Kept unless the owner withdraws them: a credential verifies against its issuer's public key (did:web, did:key,
 * the OB 2.0 issuer profile) and its status list, which is signed on request with the issuer's key (so the
 * issuer's key pair stays, sealed by the master key; nobody can sign with it through Laurel any more: no member, no
 * API key). The credentials' rows stay for the hosted OB 2.0 assertions and the status entries, their recipient data
 * erased.
 */
export const VERIFICATION = ['endorsements', 'vc_status_entries', 'vc_status_lists', 'status_lists', 'credential_documents', 'credentials', 'achievements', 'issuer_keys', 'issuers', 'images'] as const;

/** Tables with an `org_id` that the purge leaves on purpose: the organisation's own row and its audit trail. */
export const KEPT = ['organisations', 'audit_log', 'audit_chain_heads'] as const;

export function organisationDeletionRepo(db: Kysely<Database>, keys: PersonalDataKeys): OrganisationDeletionRepo {
  const any = db as unknown as Kysely<any>;
  return {
    async markDeleted(orgId, at) {
      await db.updateTable('organisations').set({ deleted_at: at, updated_at: at }).where('id', '=', orgId).execute();
      for (const table of ACCESS) await any.deleteFrom(table).where('org_id', '=', orgId).execute();
      // Crypto-erasure: every data key of the organisation, the retired ones too.
      await db.deleteFrom('data_keys').where('id', 'like', orgDataKeyPattern(orgId)).execute();
    },
    async purge(orgId, withdraw) {
      let n = 0;
      // This process forgets the keys now; the others within their refresh (KEYRING_REFRESH_MS).
      keys.forget(orgId);
      await keys.reload(db);
      await db.transaction().execute(async (tx) => {
        const t = tx as unknown as Kysely<any>;
        for (const table of PURGED) n += Number((await t.deleteFrom(table).where('org_id', '=', orgId).executeTakeFirst()).numDeletedRows);
        if (withdraw) {
          // credential_documents has no org_id: by its credentials.
          n += Number((await tx.deleteFrom('credential_documents').where('credential_id', 'in', tx.selectFrom('credentials').select('id').where('org_id', '=', orgId)).executeTakeFirst()).numDeletedRows);
          for (const table of VERIFICATION.filter((x) => x !== 'credential_documents')) n += Number((await t.deleteFrom(table).where('org_id', '=', orgId).executeTakeFirst()).numDeletedRows);
        } else {
          // The recipients' data in the kept credentials: as an erasure leaves it (its sealed values no longer open anyway).
          await tx
            .updateTable('credentials')
            .set({ recipient_name: null, recipient_identity: sql<string>`'erased:' || id`, recipient_index: null, recipient_tokens: null, recipient_key: null, earner_user_id: null })
            .where('org_id', '=', orgId)
            .execute();
        }
        await tx.updateTable('audit_log').set({ ip: null, user_agent: null }).where('org_id', '=', orgId).execute();
      });
      return n;
    },
    async isDeleted(orgId) {
      const r = await db.selectFrom('organisations').select('deleted_at').where('id', '=', orgId).executeTakeFirst();
      return Boolean(r?.deleted_at);
    },
  };
}
