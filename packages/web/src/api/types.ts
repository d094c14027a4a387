/** Shapes of the Laurel API's JSON (see /api/docs). */
export const ROLES = ['viewer', 'issuer', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

export const ACHIEVEMENT_KINDS = ['badge', 'certificate', 'certification'] as const;
export type AchievementKind = (typeof ACHIEVEMENT_KINDS)[number];

export const CREDENTIAL_STATUSES = ['active', 'revoked', 'suspended', 'expired'] as const;
export type CredentialStatus = (typeof CREDENTIAL_STATUSES)[number];

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface Session {
  user: { id: string; email: string; name: string | null };
  organisationId: string | null;
  role: Role | null;
  csrfToken: string;
  /** `required`: the organisation requires a second factor this session has not proven (the console answers mfa-required). */
  mfa: { enrolled: boolean; verified: boolean; required: boolean; factorAt: string | null; stepUpSeconds: number };
}

export interface SetupInput {
  organisationName: string;
  email: string;
  password: string;
  name?: string;
}

export interface SetupResult {
  organisationId: string;
  userId: string;
  apiKey: string;
  session: Session;
}

export interface Organisation {
  id: string;
  name: string;
  settings: {
    defaultVisibility: 'public' | 'private';
    locale: string;
    awardEmailSubject: string | null;
    awardEmailMessage: string | null;
    privacyNoticeUrl?: string | null;
    unclaimedRetentionDays?: number | null;
    ipRetentionDays?: number | null;
  };
  createdAt: string;
  updatedAt: string;
}

export interface Member {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  createdAt: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  sentAt: string | null;
}

export interface NewInvitation {
  email: string;
  role: Role;
}

/** What an invitation link is for (`GET /join/:token`). */
export interface InvitationInfo {
  organisationName: string;
  role: Role;
  email: string;
  expiresAt: string;
  signInToAccept: boolean;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  /** The one issuer the key may act on; null: every issuer. */
  issuerId: string | null;
}

export interface CreatedApiKey extends ApiKey {
  secret: string;
}

export interface Issuer {
  id: string;
  name: string;
  url: string;
  email: string;
  description: string | null;
  image: string | null;
  identity: IssuerIdentity;
  /** What OB 3.0 credentials name the issuer now: its did:web, or its active key's did:key. */
  did: string;
  ob2Url: string;
  createdAt: string;
  updatedAt: string;
}

export type IssuerIdentity = 'did:web' | 'did:key';

export interface IssuerPatch {
  name?: string;
  url?: string;
  email?: string;
  description?: string | null;
  image?: string | null;
}

export interface IssuerKey {
  id: string;
  algorithm: 'Ed25519' | 'RSA';
  status: 'active' | 'previous' | 'retired';
  /** Where verifiers find the key (did:web or did:key URL; RSA keys of did:key issuers: the OB 2.0 key URL). */
  verificationMethod: string;
  createdAt: string;
  retiredAt: string | null;
}

export interface NewIssuer {
  name: string;
  url: string;
  email: string;
  description?: string;
  image?: string;
  identity?: IssuerIdentity;
}

export interface Criteria {
  narrative?: string;
  url?: string;
}

export interface Alignment {
  targetName: string;
  targetUrl: string;
  targetDescription?: string;
  targetFramework?: string;
  targetCode?: string;
}

export interface Achievement {
  id: string;
  issuerId: string;
  kind: AchievementKind;
  name: string;
  description: string;
  criteria: Criteria;
  image: string | null;
  tags: string[];
  alignments: Alignment[];
  validity: string | null;
  renewable: boolean;
  archived: boolean;
  ob2Url: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewAchievement {
  issuerId: string;
  kind: AchievementKind;
  name: string;
  description: string;
  criteria: Criteria;
  image?: string;
  tags?: string[];
  alignments?: Alignment[];
  validity?: string;
  renewable?: boolean;
}

/** PATCH /achievements/:id: any of these; `null` clears the image (generated again) or the validity. */
export interface AchievementPatch {
  name?: string;
  description?: string;
  criteria?: Criteria;
  image?: string | null;
  tags?: string[];
  alignments?: Alignment[];
  validity?: string | null;
  renewable?: boolean;
  archived?: boolean;
}

export interface Evidence {
  url?: string;
  name?: string;
  narrative?: string;
}

export interface Recipient {
  email?: string;
  url?: string;
  telephone?: string;
  name?: string;
}

export interface Credential {
  id: string;
  achievementId: string;
  issuerId: string;
  recipient: { type: string; identity: string; hashedIdentity: string; name: string | null };
  issuedOn: string;
  expires: string | null;
  narrative: string | null;
  evidence: Evidence[];
  status: CredentialStatus;
  revocationReason: string | null;
  revokedAt: string | null;
  visibility: 'public' | 'private';
  ob2Url: string;
  /** Claimed by the recipient into an earner account. */
  claimed: boolean;
  /** The recipient directory's key (`/recipients/:key`). */
  recipientKey: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewCredential {
  achievementId: string;
  recipient: Recipient;
  issuedOn?: string;
  expires?: string;
  narrative?: string;
  evidence?: Evidence[];
}

export interface CredentialQuery {
  achievementId?: string;
  status?: CredentialStatus;
  claimed?: boolean;
  q?: string;
  sort?: string;
  cursor?: string;
  limit?: number;
}

export interface ListQuery {
  q?: string;
  sort?: string;
  cursor?: string;
  limit?: number;
}

export interface AchievementQuery extends ListQuery {
  issuerId?: string;
  kind?: AchievementKind;
  tag?: string;
  includeArchived?: boolean;
}

export const EXPORT_FORMATS = ['ob3', 'vc-jwt', 'ob2', 'ob2-jws'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface BulkPreviewRow {
  row: number;
  name: string | null;
  email: string;
  evidenceUrl: string | null;
  narrative: string | null;
  issuedOn: string | null;
  errors: string[];
  warnings: string[];
  issues: BulkIssue[];
}

export const BULK_ISSUE_CODES = ['email-missing', 'email-invalid', 'evidence-url-invalid', 'date-invalid', 'date-ambiguous', 'duplicate-row', 'already-holds', 'unsubscribed', 'unknown-column'] as const;

/** A preview finding as a stable code; `column` is the header as written in the file. */
export interface BulkIssue {
  code: (typeof BULK_ISSUE_CODES)[number];
  severity: 'error' | 'warning';
  column: string | null;
  value?: string;
  row?: number;
}

export interface BulkPreview {
  total: number;
  valid: number;
  invalid: number;
  warnings: BulkIssue[];
  rows: BulkPreviewRow[];
}

export type BulkImportStatus = 'queued' | 'running' | 'done' | 'failed';

export interface BulkRowResult {
  row: number;
  email: string;
  status: 'issued' | 'failed' | 'invalid';
  credentialId?: string;
  error?: string;
}

export interface BulkImport {
  id: string;
  achievementId: string;
  status: BulkImportStatus;
  /** Every row of the CSV, invalid ones included. */
  total: number;
  /** Rows done, invalid ones included (they are reported from the start). */
  processed: number;
  failed: number;
  results: BulkRowResult[];
  createdAt: string;
  updatedAt: string;
}

export interface ClaimInfo {
  achievementName: string;
  issuerName: string;
  email: string;
  usable: boolean;
  reason?: string;
}

export type Visibility = 'public' | 'private';

export interface BackpackItem {
  id: string;
  achievement: { id: string; name: string; description: string; kind: string; tags: string[]; image: string };
  issuer: { id: string; name: string; url: string };
  recipient: { type: string; identity: string; name: string | null };
  issuedOn: string;
  expires: string | null;
  status: string;
  visibility: Visibility;
  claimed: boolean;
  links: { page: string; ob3: string; ob2: string };
}

/** A credential offer for a wallet (OpenID4VCI): the link, and the same link as a QR code (a data: PNG). */
export interface WalletOffer {
  offerUri: string;
  credentialOfferUri: string;
  qrCode: string;
  issuerId: string;
  credentialIds: string[];
  expiresAt: string;
  txCode: boolean;
}

export const VERIFY_CHECKS = ['format', 'schema', 'proof', 'issuer-key', 'jwt-claims', 'validity', 'status', 'source', 'hosted'] as const;
export type VerifyCheckName = (typeof VERIFY_CHECKS)[number];

export interface VerifyReport {
  valid: boolean;
  format: 'ob3-ldp' | 'vc-jwt' | 'ob2-jws' | 'ob2-hosted' | 'unknown' | 'vc-jwt-v1' | 'vc-jose-cose' | 'sd-jwt-vc';
  /** `attachment`: read from this file embedded in a PDF (the upload, or the document at `url`). */
  input: { kind: 'image' | 'pdf' | 'url' | 'json' | 'jws'; image?: 'png' | 'svg'; attachment?: string; url?: string };
  /** `code` and `params`: stable, see docs/verification-codes.md; `reason`: English prose. */
  checks: { name: VerifyCheckName; ok: boolean; code: string; params?: Record<string, string>; reason: string }[];
  recipient?: { checked: boolean; matches: boolean; code: string; params?: Record<string, string>; reason: string };
  credential?: Record<string, unknown>;
  /** The issuer the badge was bound to (its DID or URL, and the name its own document gives); only when that held. */
  issuer?: { id: string; name?: string };
}

export const WEBHOOK_EVENTS = ['credential.issued', 'credential.revoked', 'credential.suspended', 'credential.reinstated', 'credential.claimed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface Webhook {
  id: string;
  url: string;
  description: string | null;
  events: WebhookEvent[];
  enabled: boolean;
  /** Set when Laurel turned the endpoint off after repeated failed deliveries. */
  disabledReason: string | null;
  consecutiveFailures: number;
  createdAt: string;
  updatedAt: string;
}

/** At creation and after rotate-secret: the whsec_… secret, shown once. */
export interface WebhookWithSecret extends Webhook {
  secret: string;
}

export interface WebhookAttempt {
  id: string;
  messageId: string;
  /** `ping`: a test event sent from the console. */
  event: WebhookEvent | 'ping';
  attempt: number;
  delivered: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  nextRetryAt: string | null;
  createdAt: string;
}

export type GettingStartedStep = 'issuer' | 'achievement' | 'award' | 'invite';

export interface GettingStarted {
  steps: { id: GettingStartedStep; done: boolean }[];
  complete: boolean;
  dismissed: boolean;
  show: boolean;
}
