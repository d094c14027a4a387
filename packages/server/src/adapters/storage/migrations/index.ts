import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './2026-11-23_0001_initial.js';
import * as m0002 from './2026-11-23_0002_signed_credentials.js';
import * as m0003 from './2026-11-23_0003_claims_and_bulk.js';
import * as m0004 from './2026-11-23_0004_email_tokens.js';
import * as m0006 from './2026-11-23_0006_profiles.js';
import * as m0007 from './2026-11-23_0007_images.js';
import * as m0008 from './2026-11-23_0008_issuer_identity.js';
import * as m0009 from './2026-11-23_0009_webhooks.js';
import * as m0010 from './2026-12-06_0010_invitations_and_unsubscribe_tokens.js';
import * as m0011 from './2026-12-06_0011_vc_api_status.js';
import * as m0012 from './2026-12-07_0012_credential_history_and_recipients.js';
import * as m0013 from './2026-12-07_0013_issuer_keys_and_onboarding.js';
import * as m0014 from './2026-12-07_0014_wallet_offers.js';
import * as m0015 from './2026-12-07_0015_oauth.js';
import * as m0016 from './2026-12-07_0016_mfa_and_sessions.js';
import * as m0017 from './2026-12-07_0017_vc_api_status_purposes.js';
import * as m0019 from './2026-12-07_0019_certificate_templates.js';
import * as m0021 from './2026-12-07_0021_wallet_exchanges.js';
import * as m0022 from './2026-12-07_0022_award_rules_and_events.js';
import * as m0023 from './2026-12-07_0023_expiry_and_renewal.js';
import * as m0024 from './2026-12-07_0024_privacy_and_audit_chain.js';
import * as m0025 from './2026-12-07_0025_dpop.js';
import * as m0026 from './2026-12-07_0026_lti.js';
import * as m0027 from './2026-12-07_0027_claim_codes_and_rest_hooks.js';
import * as m0028 from './2026-12-07_0028_migration_imports.js';
import * as m0029 from './2026-12-07_0029_analytics.js';
import * as m0031 from './2026-12-07_0031_single_sign_on.js';
import { personalDataEncryption, type MigrationSecrets } from './2026-12-07_0030_personal_data_encryption.js';
import * as m0032 from './2026-12-07_0032_results_and_credits.js';
import * as m0033 from './2026-12-07_0033_endorsements.js';
import * as m0034 from './2026-12-07_0034_earner_oidc_links.js';
import * as m0036 from './2026-12-07_0036_analytics_rollups.js';
import * as m0038 from './2026-12-07_0038_saml_sp_signing_keys.js';
import * as m0039 from './2026-12-07_0039_evidence_files.js';
import * as m0042 from './2026-12-07_0042_organisation_deletion.js';
import * as m0040 from './2026-12-07_0040_bulk_import_results.js';
import * as m0044 from './2026-12-07_0044_sso_logout.js';
import * as m0048 from './2026-12-07_0048_bulk_write_cost.js';
import * as m0050 from './2026-12-07_0050_visitor_sketches.js';
import * as m0051 from './2026-12-07_0051_job_queue_vacuum.js';
import { accountDataEncryption } from './2026-12-07_0035_account_data_encryption.js';
import { workDataEncryption } from './2026-12-07_0037_work_data_encryption.js';
import { ssoSubjectEncryption } from './2026-12-07_0045_sso_subject_encryption.js';
import * as m0046 from './2026-12-07_0046_compact_viewers.js';

/** Every migration, by its frozen name. Add new ones at the end. */
const migrations = (secrets: MigrationSecrets): Record<string, Migration> => ({
  '2026-11-23_0001_initial': m0001,
  '2026-11-23_0002_signed_credentials': m0002,
  '2026-11-23_0003_claims_and_bulk': m0003,
  '2026-11-23_0004_email_tokens': m0004,
  '2026-11-23_0006_profiles': m0006,
  '2026-11-23_0007_images': m0007,
  '2026-11-23_0008_issuer_identity': m0008,
  '2026-11-23_0009_webhooks': m0009,
  '2026-12-06_0010_invitations_and_unsubscribe_tokens': m0010,
  '2026-12-06_0011_vc_api_status': m0011,
  '2026-12-07_0012_credential_history_and_recipients': m0012,
  '2026-12-07_0013_issuer_keys_and_onboarding': m0013,
  '2026-12-07_0014_wallet_offers': m0014,
  '2026-12-07_0015_oauth': m0015,
  '2026-12-07_0016_mfa_and_sessions': m0016,
  '2026-12-07_0017_vc_api_status_purposes': m0017,
  '2026-12-07_0019_certificate_templates': m0019,
  '2026-12-07_0021_wallet_exchanges': m0021,
  '2026-12-07_0022_award_rules_and_events': m0022,
  '2026-12-07_0023_expiry_and_renewal': m0023,
  '2026-12-07_0024_privacy_and_audit_chain': m0024,
  '2026-12-07_0025_dpop': m0025,
  '2026-12-07_0026_lti': m0026,
  '2026-12-07_0027_claim_codes_and_rest_hooks': m0027,
  '2026-12-07_0028_migration_imports': m0028,
  '2026-12-07_0029_analytics': m0029,
  '2026-12-07_0030_personal_data_encryption': personalDataEncryption(secrets),
  '2026-12-07_0031_single_sign_on': m0031,
  '2026-12-07_0032_results_and_credits': m0032,
  '2026-12-07_0033_endorsements': m0033,
  '2026-12-07_0034_earner_oidc_links': m0034,
  '2026-12-07_0035_account_data_encryption': accountDataEncryption(secrets),
  '2026-12-07_0036_analytics_rollups': m0036,
  '2026-12-07_0038_saml_sp_signing_keys': m0038,
  '2026-12-07_0039_evidence_files': m0039,
  '2026-12-07_0037_work_data_encryption': workDataEncryption(secrets),
  '2026-12-07_0042_organisation_deletion': m0042,
  '2026-12-07_0040_bulk_import_results': m0040,
  '2026-12-07_0044_sso_logout': m0044,
  '2026-12-07_0045_sso_subject_encryption': ssoSubjectEncryption(secrets),
  '2026-12-07_0046_compact_viewers': m0046,
  '2026-12-07_0048_bulk_write_cost': m0048,
  '2026-12-07_0050_visitor_sketches': m0050,
  '2026-12-07_0051_job_queue_vacuum': m0051,
});

/** The migrations; those that seal or open personal data use `secrets.kms` (the master key). */
export const migrationProviderWith = (secrets: MigrationSecrets): MigrationProvider => ({
  getMigrations: async () => migrations(secrets),
});

export const migrationProvider: MigrationProvider = migrationProviderWith({});
