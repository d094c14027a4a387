/** Row types of every table, as Kysely sees them. Timestamps are ISO 8601 text, JSON is text. */
import type { ColumnType, Generated } from 'kysely';

export interface OrganisationsTable {
  id: string;
  name: string;
  settings: string;
  created_at: string;
  updated_at: string;
  /** Set when the organisation is deleted (migration 0042): its row stays for what verifies its credentials. */
  deleted_at: Generated<string | null>;
}

export interface UsersTable {
  id: string;
  /** Sealed (docs/privacy.md); `email_index` is its blind index (unique). */
  email: string;
  email_index: string;
  name: string | null;
  password_hash: string | null;
  locale: string | null;
  profile_handle: Generated<string | null>;
  profile_bio: Generated<string | null>;
  profile_public: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface MembershipsTable {
  org_id: string;
  user_id: string;
  role: string;
  created_at: string;
  /** When this member dismissed the console's getting-started banner. */
  getting_started_dismissed_at: string | null;
}

export interface UserAddressesTable {
  id: string;
  user_id: string;
  type: string;
  /** Sealed; `value_index` is its blind index (unique per type). */
  value: string;
  value_index: string;
  verified_at: string | null;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  org_id: string | null;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
  expires_at: string;
  factor_at: string | null;
  mfa: Generated<number>;
  last_seen_at: string | null;
}

export interface ApiKeysTable {
  id: string;
  org_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  role: string;
  scopes: string;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  /** Restricts the key to one issuer; null: every issuer of the organisation. */
  issuer_id: string | null;
}

export interface IssuersTable {
  id: string;
  org_id: string;
  name: string;
  url: string;
  email: string;
  description: string | null;
  image: string | null;
  did_web: string | null;
  identity: string;
  /** Comma-separated status purposes added to VC-API credentials by default; '' for none. */
  vc_api_status_purposes: Generated<string>;
  created_at: string;
  updated_at: string;
}

export interface IssuerKeysTable {
  id: string;
  org_id: string;
  issuer_id: string;
  algorithm: string;
  public_key: string;
  private_key_enc: string;
  status: string;
  created_at: string;
  retired_at: string | null;
}

export interface AchievementsTable {
  id: string;
  org_id: string;
  issuer_id: string;
  kind: string;
  name: string;
  description: string;
  criteria_narrative: string | null;
  criteria_url: string | null;
  image: string | null;
  tags: string;
  alignments: string;
  validity: string | null;
  renewable: number;
  grace_period: string | null;
  reminder_offsets: string | null;
  renewal_mode: string;
  /** OB 3.0 details (result descriptions, credits, field of study, translations) as JSON. */
  details?: string | null;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface CredentialsTable {
  id: string;
  org_id: string;
  issuer_id: string;
  achievement_id: string;
  recipient_type: string;
  recipient_identity: string;
  recipient_hash: string;
  recipient_salt: string;
  recipient_name: string | null;
  earner_user_id: string | null;
  issued_on: string;
  expires_at: string | null;
  narrative: string | null;
  evidence: string;
  status: string;
  revocation_reason: string | null;
  revoked_at: string | null;
  visibility: string;
  status_index: number | null;
  renews_credential_id: string | null;
  superseded_by: string | null;
  superseded_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** Keyed blind index of the recipient's type and identity (exact lookup; personal-data.ts). */
  recipient_index: string | null;
  /** Keyed blind indexes of the identity and of the name's words and prefixes, space-separated (search). */
  recipient_tokens: string | null;
  /** The recipient's opaque key within the organisation (the recipient directory). */
  recipient_key: string | null;
  /** OB 3.0 results of this award (JSON array). */
  results?: string | null;
  credits_earned?: number | null;
}

export interface StatusListsTable {
  id: string;
  org_id: string;
  issuer_id: string;
  purpose: string;
  size: number;
  bits: string;
  allocated: number;
  updated_at: string;
}

export interface VcStatusEntriesTable {
  id: string;
  org_id: string;
  issuer_id: string;
  credential_id: string;
  status_index: number;
  purposes: string;
  created_at: string;
}

export interface IdempotencyKeysTable {
  org_id: string;
  operation: string;
  key: string;
  request_hash: string;
  resource_id: string;
  created_at: string;
}

export interface AuditLogTable {
  id: string;
  org_id: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  ip: string | null;
  request_id: string | null;
  details: string;
  created_at: string;
  user_agent?: string | null;
  seq?: Generated<number | string | null>;
  prev_hash?: Generated<string | null>;
  hash?: Generated<string | null>;
}

export interface AuditChainHeadsTable {
  org_id: string;
  seq: number | string;
  hash: string;
  updated_at: string;
}

export interface ConsentsTable {
  id: string;
  user_id: string;
  document: string;
  version: string;
  accepted_at: string;
}

export interface JobsTable {
  id: string;
  org_id: string | null;
  name: string;
  version: Generated<number>;
  payload: string;
  status: string;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  result: string | null;
  created_at: string;
  updated_at: string;
}

export interface CredentialDocumentsTable {
  credential_id: string;
  format: string;
  body: string;
  key_id: string | null;
  created_at: string;
}

export interface ClaimTokensTable {
  id: string;
  org_id: string;
  credential_id: string;
  email: string;
  job_id: string | null;
  created_at: string;
  expires_at: string;
  sent_at: string | null;
  used_at: string | null;
  used_by: string | null;
}

export interface EmailOptOutsTable {
  /** The address's keyed blind index (personal-data.ts), not the address. */
  email: string;
  /** The address, sealed. */
  email_sealed: string | null;
  org_id: string;
  created_at: string;
}

export interface BulkImportsTable {
  id: string;
  org_id: string;
  achievement_id: string;
  status: string;
  rows: string;
  total: number;
  processed: number;
  failed: number;
  results: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface EmailTokensTable {
  id: string;
  purpose: string;
  email: string;
  email_index: string;
  user_id: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface InvitationsTable {
  id: string;
  org_id: string;
  email: string;
  email_index: string;
  role: string;
  invited_by: string | null;
  token_hash: string | null;
  created_at: string;
  expires_at: string;
  sent_at: string | null;
  accepted_at: string | null;
  accepted_by: string | null;
}

export interface UnsubscribeTokensTable {
  id: string;
  org_id: string;
  /** Sealed. */
  email: string;
  /** The address's keyed blind index (erasure finds the rows by it). */
  email_index: string | null;
  created_at: string;
  expires_at: string;
}

export interface ImagesTable {
  id: string;
  org_id: string;
  content_type: string;
  source: string;
  /** base64 */
  data: string;
  sha256: string;
  width: number;
  height: number;
  bytes: number;
  created_at: string;
}

export interface WebhookEndpointsTable {
  id: string;
  org_id: string;
  url: string;
  description: string | null;
  /** JSON array of event types */
  events: string;
  secret_sealed: string;
  enabled: number;
  disabled_reason: string | null;
  consecutive_failures: number;
  created_at: string;
  updated_at: string;
  /** 1 for an endpoint subscribed through the REST Hooks API (a 410 answer unsubscribes it) */
  rest_hook: number;
}

export interface WebhookMessagesTable {
  id: string;
  org_id: string;
  endpoint_id: string;
  event_type: string;
  payload: string;
  status: string;
  attempts: number;
  next_retry_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookAttemptsTable {
  id: string;
  org_id: string;
  endpoint_id: string;
  message_id: string;
  event_type: string;
  attempt: number;
  delivered: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  next_retry_at: string | null;
  created_at: string;
}

export interface WalletOffersTable {
  id: string;
  org_id: string;
  issuer_id: string;
  token_hash: string;
  code_hash: string;
  credential_ids: string;
  tx_code_required: number;
  tx_code_hash: string | null;
  tx_code_attempts: Generated<number>;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  redeemed_at: string | null;
}

export interface WalletAccessTokensTable {
  token_hash: string;
  offer_id: string;
  org_id: string;
  issuer_id: string;
  credential_ids: string;
  created_at: string;
  expires_at: string;
  dpop_jkt: string | null;
}

export interface WalletExchangesTable {
  id: string;
  org_id: string;
  issuer_id: string;
  credential_id: string;
  token_hash: string;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  completed_at: string | null;
  holder: string | null;
}

export interface WalletNoncesTable {
  nonce_hash: string;
  issuer_id: string;
  expires_at: string;
}

export interface CredentialEventsTable {
  id: string;
  org_id: string;
  credential_id: string;
  type: string;
  actor_type: string;
  actor_id: string | null;
  details: string;
  created_at: string;
}

export interface CredentialViewsTable {
  credential_id: string;
  day: string;
  views: number;
  /** Distinct visitors of the day (0029). */
  visitors: Generated<number>;
  /** Third-party verifications of the day (0029). */
  verifications: Generated<number>;
}

export interface BulkOperationsTable {
  id: string;
  org_id: string;
  operation: string;
  idempotency_key: string;
  request_hash: string;
  result: string;
  created_at: string;
}

export interface CertificateTemplatesTable {
  id: string;
  org_id: string;
  target: string;
  design: string;
  created_at: string;
  updated_at: string;
}

export interface OAuthClientsTable {
  id: string;
  kind: string;
  org_id: string | null;
  name: string;
  secret_hash: string;
  scopes: string;
  issuer_id: string | null;
  metadata: string;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface OAuthAuthorizationsTable {
  id: string;
  client_id: string;
  redirect_uri: string;
  scopes: string;
  authorization_details: string | null;
  state: string | null;
  code_challenge: string;
  created_at: string;
  expires_at: string;
  user_id: string | null;
  decision: string | null;
  decided_at: string | null;
  code_hash: string | null;
  code_expires_at: string | null;
  code_used_at: string | null;
  grant_id: string | null;
}

export interface OAuthTokensTable {
  id: string;
  token_hash: string;
  kind: string;
  client_id: string;
  org_id: string | null;
  user_id: string | null;
  scopes: string;
  authorization_details: string | null;
  grant_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
  /** DPoP (RFC 9449): the thumbprint of the key the token is bound to. */
  dpop_jkt: string | null;
}

export interface HostedCredentialsTable {
  id: string;
  user_id: string;
  dedupe_key: string;
  format: string;
  body: string;
  issuer: string;
  issued_at: string;
  client_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface MfaTotpTable {
  user_id: string;
  secret: string;
  confirmed_at: string | null;
  last_step: number | string | null;
  created_at: string;
}

export interface MfaRecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface WebauthnCredentialsTable {
  id: string;
  user_id: string;
  name: string;
  public_key: string;
  counter: number | string;
  transports: string;
  device_type: string;
  backed_up: number;
  created_at: string;
  last_used_at: string | null;
}

export interface MfaPendingSignInsTable {
  id: string;
  user_id: string;
  ip: string | null;
  user_agent: string | null;
  attempts: Generated<number>;
  created_at: string;
  expires_at: string;
}

export interface WebauthnChallengesTable {
  id: string;
  purpose: string;
  user_id: string | null;
  challenge: string;
  expires_at: string;
}

export interface EventSourcesTable {
  id: string;
  org_id: string;
  name: string;
  secret_sealed: string;
  created_at: string;
  last_used_at: string | null;
}

export interface InboundEventsTable {
  id: string;
  org_id: string;
  event_id: string;
  type: string;
  occurred_at: string;
  subject_email: string;
  subject_name: string | null;
  data: string;
  received_via: string;
  issuer_scope: string | null;
  status: string;
  awards: Generated<number>;
  received_at: string;
  processed_at: string | null;
}

export interface AwardRulesTable {
  id: string;
  org_id: string;
  achievement_id: string;
  name: string;
  event_type: string;
  conditions: string | null;
  requires: string | null;
  repeatable: number;
  enabled: number;
  created_at: string;
  updated_at: string;
}

export interface RuleAwardsTable {
  id: string;
  org_id: string;
  rule_id: string;
  event_id: string;
  /** Sealed; `recipient_index` is its blind index (unique per rule and event). */
  recipient_identity: string;
  recipient_index: string;
  once_key: string;
  credential_id: string;
  occurred_at: string;
  issued_at: string;
  latency_ms: number;
}

export interface Database {
  mfa_totp: MfaTotpTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  webauthn_credentials: WebauthnCredentialsTable;
  mfa_pending_sign_ins: MfaPendingSignInsTable;
  webauthn_challenges: WebauthnChallengesTable;
  invitations: InvitationsTable;
  unsubscribe_tokens: UnsubscribeTokensTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_messages: WebhookMessagesTable;
  webhook_attempts: WebhookAttemptsTable;
  images: ImagesTable;
  email_tokens: EmailTokensTable;
  claim_tokens: ClaimTokensTable;
  email_opt_outs: EmailOptOutsTable;
  bulk_imports: BulkImportsTable;
  credential_documents: CredentialDocumentsTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  user_addresses: UserAddressesTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  issuers: IssuersTable;
  issuer_keys: IssuerKeysTable;
  achievements: AchievementsTable;
  credentials: CredentialsTable;
  status_lists: StatusListsTable;
  vc_status_lists: StatusListsTable;
  vc_status_entries: VcStatusEntriesTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_log: AuditLogTable;
  audit_chain_heads: AuditChainHeadsTable;
  consents: ConsentsTable;
  jobs: JobsTable;
  wallet_offers: WalletOffersTable;
  wallet_access_tokens: WalletAccessTokensTable;
  wallet_nonces: WalletNoncesTable;
  credential_events: CredentialEventsTable;
  credential_views: CredentialViewsTable;
  bulk_operations: BulkOperationsTable;
  certificate_templates: CertificateTemplatesTable;
  oauth_clients: OAuthClientsTable;
  oauth_authorizations: OAuthAuthorizationsTable;
  oauth_tokens: OAuthTokensTable;
  hosted_credentials: HostedCredentialsTable;
  wallet_exchanges: WalletExchangesTable;
  event_sources: EventSourcesTable;
  inbound_events: InboundEventsTable;
  award_rules: AwardRulesTable;
  rule_awards: RuleAwardsTable;
  expiry_reminders: ExpiryRemindersTable;
  renewal_requests: RenewalRequestsTable;
  lti_platforms: LtiPlatformsTable;
  lti_launches: LtiLaunchesTable;
  lti_placements: LtiPlacementsTable;
  lti_registration_links: LtiRegistrationLinksTable;
  claim_codes: ClaimCodesTable;
  claim_code_redemptions: ClaimCodeRedemptionsTable;
  claim_code_confirmations: ClaimCodeConfirmationsTable;
  migration_imports: MigrationImportsTable;
  imported_awards: ImportedAwardsTable;
  dpop_proofs: DpopProofsTable;
  sso_connections: SsoConnectionsTable;
  sso_domains: SsoDomainsTable;
  sso_pending: SsoPendingTable;
  sso_identities: SsoIdentitiesTable;
  sso_assertions_seen: SsoAssertionsSeenTable;
  data_keys: DataKeysTable;
  analytics_daily: AnalyticsDailyTable;
  analytics_visitor_sketches: AnalyticsVisitorSketchesTable;
  analytics_salts: AnalyticsSaltsTable;
  earner_oidc_links: EarnerOidcLinksTable;
  earner_oidc_pending: EarnerOidcPendingTable;
  endorsements: EndorsementsTable;
  analytics_daily_totals: AnalyticsDailyTotalsTable;
  analytics_monthly: AnalyticsMonthlyTable;
  evidence_files: EvidenceFilesTable;
  bulk_import_results: BulkImportResultsTable;
  sso_sessions: SsoSessionsTable;
  sso_logout_pending: SsoLogoutPendingTable;
  sso_pending_links: SsoPendingLinksTable;
}

export interface ExpiryRemindersTable {
  id: string;
  org_id: string;
  credential_id: string;
  offset_days: number;
  expires_at: string;
  created_at: string;
  sent_at: string | null;
  outcome: string | null;
}

export interface RenewalRequestsTable {
  id: string;
  org_id: string;
  credential_id: string;
  achievement_id: string;
  requested_by: string;
  evidence_url: string | null;
  note: string | null;
  status: string;
  reason: string | null;
  new_credential_id: string | null;
  decided_by: string | null;
  created_at: string;
  decided_at: string | null;
}

export interface LtiPlatformsTable {
  id: string;
  org_id: string;
  name: string;
  issuer: string;
  client_id: string;
  deployment_ids: string;
  auth_login_url: string;
  jwks_url: string;
  token_url: string;
  tool_kid: string;
  tool_public_jwk: string;
  tool_private_jwk_sealed: string;
  created_at: string;
}

export interface LtiLaunchesTable {
  state: string;
  org_id: string;
  platform_id: string;
  nonce: string;
  expires_at: string;
  consumed_at: string | null;
  deep_link: string | null;
}

export interface LtiPlacementsTable {
  id: string;
  org_id: string;
  platform_id: string;
  achievement_id: string;
  rule_id: string;
  threshold: number;
  context_id: string | null;
  lineitem_url: string | null;
  memberships_url: string | null;
  last_synced_at: string | null;
  created_at: string;
}

export interface LtiRegistrationLinksTable {
  token_hash: string;
  org_id: string;
  expires_at: string;
  used_at: string | null;
}

export interface ClaimCodesTable {
  id: string;
  org_id: string;
  achievement_id: string;
  code_hash: string;
  label: string | null;
  expires_at: string;
  max_uses: number;
  uses: number;
  verify_email: number;
  withdrawn_at: string | null;
  created_by: string | null;
  created_at: string;
}

export interface ClaimCodeRedemptionsTable {
  id: string;
  org_id: string;
  claim_code_id: string;
  email: string;
  credential_id: string;
  created_at: string;
}

export interface ClaimCodeConfirmationsTable {
  id: string;
  org_id: string;
  claim_code_id: string;
  token_hash: string;
  email: string;
  name: string | null;
  expires_at: string;
  created_at: string;
}

export interface MigrationImportsTable {
  id: string;
  org_id: string;
  issuer_id: string;
  source: string;
  notify: number;
  status: string;
  items: string;
  total: number;
  imported: number;
  skipped: number;
  failed: number;
  results: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface SsoConnectionsTable {
  id: string;
  org_id: string;
  protocol: string;
  name: string;
  slug: string;
  settings: string;
  client_secret: string | null;
  role_claim: string;
  role_mapping: string;
  default_role: string | null;
  trust_idp_mfa: number;
  enabled: number;
  created_at: string;
  updated_at: string;
  /** SAML: the SP's AuthnRequest signing key, sealed (migration 0038). */
  sp_signing_key: string | null;
  sp_certificate: string | null;
  /** SAML SP key rotation (migration 0044): the next key (sealed) and certificate, the previous certificate. */
  sp_next_signing_key?: string | null;
  sp_next_certificate?: string | null;
  sp_previous_certificate?: string | null;
}

export interface ImportedAwardsTable {
  id: string;
  org_id: string;
  original_id: string;
  credential_id: string;
  import_id: string;
  created_at: string;
}

/** DPoP proofs seen (RFC 9449 §11.1): sha256 of the key thumbprint and `jti`, until the proof is too old anyway. */
export interface DpopProofsTable {
  proof_hash: string;
  expires_at: string;
}

export interface SsoDomainsTable {
  domain: string;
  connection_id: string;
  org_id: string;
}

export interface SsoPendingTable {
  id: string;
  connection_id: string;
  org_id: string;
  nonce: string | null;
  code_verifier: string | null;
  request_id: string | null;
  created_at: string;
  expires_at: string;
}

export interface SsoIdentitiesTable {
  connection_id: string;
  /** Sealed under the organisation's key (migration 0045); found by `subject_index`. */
  subject: string;
  /** Blind index of the subject (migration 0045): unique with `connection_id`. */
  subject_index: string | null;
  user_id: string;
  org_id: string;
  created_at: string;
  last_sign_in_at: string | null;
}

export interface SsoAssertionsSeenTable {
  connection_id: string;
  assertion_id: string;
  expires_at: string;
}

/** Envelope encryption of personal data: data keys and the blind-index key, wrapped by the KMS (migration 0030). */
export interface DataKeysTable {
  id: string;
  purpose: string;
  wrapped: string;
  kms: string;
  state: string;
  created_at: string;
  retired_at: string | null;
}

/** The analytics rollup (0029): one counter per organisation, day, metric, dimension, issuer and achievement. */
export interface AnalyticsDailyTable {
  org_id: string;
  day: string;
  metric: string;
  dim: string;
  issuer_id: string;
  achievement_id: string;
  count: number;
}

/**
 * A credential's distinct visitors of a day (0050): a `VisitorSketch`'s bytes (the visitors' salted hashes up to
 * 2,048, then HyperLogLog registers) and how many of them the rollups counted already. The day as days since
 * 1970-01-01 (UTC).
 */
export interface AnalyticsVisitorSketchesTable {
  day: number;
  credential_id: string;
  sketch: Uint8Array;
  counted: number;
}

export interface AnalyticsSaltsTable {
  day: string;
  salt: string;
}

export interface EarnerOidcLinksTable {
  id: string;
  provider: string;
  subject: string;
  user_id: string;
  email: string | null;
  created_at: string;
  last_sign_in_at: string | null;
}

export interface EarnerOidcPendingTable {
  id: string;
  provider: string;
  nonce: string;
  code_verifier: string;
  created_at: string;
  expires_at: string;
}

/** OB 3.0 EndorsementCredentials issued here or received from outside (0033). */
export interface EndorsementsTable {
  id: string;
  org_id: string;
  direction: string;
  credential_id: string;
  endorser_issuer_id: string | null;
  endorser_id: string;
  endorser_name: string;
  subject_type: string;
  subject_id: string;
  subject_org_id: string;
  subject_url: string;
  comment: string;
  document: string;
  revoked_at: string | null;
  hidden_at: string | null;
  created_by: string | null;
  created_at: string;
}

/** The analytics rollup without the achievement (0036): per organisation, issuer ('' for all), day, metric, dimension. */
export interface AnalyticsDailyTotalsTable {
  org_id: string;
  issuer_id: string;
  day: string;
  metric: string;
  dim: string;
  count: number;
}

/** The analytics rollup per calendar month (0036): `analytics_daily` with the month (YYYY-MM) for the day. */
export interface AnalyticsMonthlyTable {
  org_id: string;
  month: string;
  metric: string;
  dim: string;
  issuer_id: string;
  achievement_id: string;
  count: number;
}

/** Evidence files of awards (0039): `name` and `content` (base64) sealed at rest. */
export interface EvidenceFilesTable {
  id: string;
  org_id: string;
  credential_id: string | null;
  name: string;
  media_type: string;
  bytes: number;
  digest_sri: string;
  content: string;
  created_by: string | null;
  created_at: string;
}

/** One row's result of a bulk award (migration 0040): `email` and `error` sealed, `email_index` their blind index. */
export interface BulkImportResultsTable {
  id: string;
  import_id: string;
  org_id: string;
  row: number;
  status: string;
  credential_id: string | null;
  email: string;
  email_index: string | null;
  error: string | null;
  created_at: string;
}

/** An identity provider's handles for one of its sign-ins (migration 0044): what single logout finds it by. */
interface SsoSignInHandles {
  connection_id: string;
  org_id: string;
  /** Sealed under the organisation's key (migration 0045). */
  subject: string;
  /** Blind index of the subject (migration 0045). */
  subject_index: string | null;
  sid: string | null;
  name_id_format: string | null;
  session_index: string | null;
  created_at: string;
  expires_at: string;
}

/** Single logout (migration 0044): the Laurel session an identity provider's sign-in opened, with the provider's handles for it. */
export interface SsoSessionsTable extends SsoSignInHandles {
  session_id: string;
}

/** LogoutRequests sent to a SAML IdP, waiting for its LogoutResponse (migration 0044). */
export interface SsoLogoutPendingTable {
  id: string;
  connection_id: string;
  request_id: string;
  created_at: string;
  expires_at: string;
}

/** An IdP sign-in's handles while a Laurel second factor is asked (migration 0044); `id` is the pending sign-in's. */
export interface SsoPendingLinksTable extends SsoSignInHandles {
  id: string;
}
