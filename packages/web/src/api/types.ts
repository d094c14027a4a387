/**
 * Shapes of the Laurel API's JSON (see /api/docs), taken from the server's OpenAPI document:
 * ./generated/openapi.ts is generated from the route schemas (`npm run gen:api-types`), so these
 * cannot drift from what the server validates and answers. Only the lists the console iterates over
 * are written here, and packages/server/test/structure/api-types.test.ts checks each against its enum.
 */
import type { components, paths } from './generated/openapi';

/** The named shapes (the route schemas' `$id`s). */
export type Schemas = components['schemas'];
type Path = keyof paths;
type JsonOf<T> = T extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON a route answers with `status`. */
export type ResponseOf<P extends Path, M extends keyof paths[P], S extends number = 200> = paths[P][M] extends { responses: infer R } ? (S extends keyof R ? JsonOf<R[S]> : never) : never;
/** The JSON body a route takes. */
export type BodyOf<P extends Path, M extends keyof paths[P]> = paths[P][M] extends { requestBody: infer B } ? JsonOf<B> : never;
/** The query string a route takes. */
export type QueryOf<P extends Path, M extends keyof paths[P]> = paths[P][M] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** An element of a list type. */
export type Item<T> = T extends readonly (infer I)[] ? I : never;

export type Role = Schemas['Member']['role'];
export const ROLES = ['viewer', 'issuer', 'admin', 'owner'] as const satisfies readonly Role[];

export type AchievementKind = Schemas['Achievement']['kind'];
export const ACHIEVEMENT_KINDS = ['badge', 'certificate', 'certification'] as const satisfies readonly AchievementKind[];

export type CredentialStatus = Schemas['Credential']['status'];
export const CREDENTIAL_STATUSES = ['active', 'revoked', 'suspended', 'expired'] as const satisfies readonly CredentialStatus[];

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export type Session = Schemas['Session'];
export type SetupInput = BodyOf<'/api/v1/setup', 'post'>;
export type SetupResult = ResponseOf<'/api/v1/setup', 'post', 201>;

export type Organisation = Schemas['Organisation'];
export type Member = Schemas['Member'];
export type Invitation = Schemas['Invitation'];
export type NewInvitation = BodyOf<'/api/v1/invitations', 'post'>;
/** What an invitation link is for (`GET /join/:token`). */
export type InvitationInfo = ResponseOf<'/api/v1/join/{token}', 'get'>;

export type ApiKey = Schemas['ApiKey'];
export type CreatedApiKey = ResponseOf<'/api/v1/api-keys', 'post', 201>;

export type Issuer = Schemas['Issuer'];
export type IssuerIdentity = Issuer['identity'];
export type IssuerPatch = BodyOf<'/api/v1/issuers/{id}', 'patch'>;
export type IssuerKey = Schemas['IssuerKey'];
export type NewIssuer = BodyOf<'/api/v1/issuers', 'post'>;

export type Achievement = Schemas['Achievement'];
export type Criteria = Achievement['criteria'];
export type Alignment = Item<Achievement['alignments']>;
export type NewAchievement = BodyOf<'/api/v1/achievements', 'post'>;
/** PATCH /achievements/:id: any of these; `null` clears the image (generated again) or the validity. */
export type AchievementPatch = BodyOf<'/api/v1/achievements/{id}', 'patch'>;

export type Credential = Schemas['Credential'];
export type NewCredential = BodyOf<'/api/v1/credentials', 'post'>;
export type Evidence = Item<NonNullable<NewCredential['evidence']>>;
export type Recipient = NewCredential['recipient'];
export type CredentialQuery = QueryOf<'/api/v1/credentials', 'get'>;
export type ListQuery = Pick<QueryOf<'/api/v1/issuers', 'get'>, 'q' | 'sort' | 'cursor' | 'limit'>;
export type AchievementQuery = QueryOf<'/api/v1/achievements', 'get'>;

export type ExportFormat = NonNullable<QueryOf<'/api/v1/credentials/{id}/export', 'get'>['format']>;
export const EXPORT_FORMATS = ['ob3', 'vc-jwt', 'ob2', 'ob2-jws'] as const satisfies readonly ExportFormat[];

export type BulkPreview = ResponseOf<'/api/v1/achievements/{id}/bulk', 'post', 200>;
export type BulkPreviewRow = Item<BulkPreview['rows']>;
/** A preview finding as a stable code; `column` is the header as written in the file. */
export type BulkIssue = Item<BulkPreviewRow['issues']>;
export const BULK_ISSUE_CODES = ['email-missing', 'email-invalid', 'evidence-url-invalid', 'date-invalid', 'date-ambiguous', 'duplicate-row', 'already-holds', 'unsubscribed', 'unknown-column'] as const satisfies readonly BulkIssue['code'][];

export type BulkImport = Schemas['BulkImport'];
export type BulkImportStatus = BulkImport['status'];
export type BulkRowResult = Item<BulkImport['results']>;

export type ClaimInfo = ResponseOf<'/api/v1/claims/{token}', 'get'>;

export type BackpackItem = Schemas['BackpackItem'];
export type Visibility = BackpackItem['visibility'];

/** A credential offer for a wallet (OpenID4VCI): the link, and the same link as a QR code (a data: PNG). */
export type WalletOffer = Schemas['WalletOffer'];
/** A VC-API exchange for the Learner Credential Wallet (DIDAuth): single use, expiring. */
export type WalletExchange = Schemas['WalletExchange'];

export type VerifyReport = ResponseOf<'/api/v1/verify', 'post'>;
export type VerifyCheckName = Item<VerifyReport['checks']>['name'];
export const VERIFY_CHECKS = ['format', 'schema', 'proof', 'issuer-key', 'jwt-claims', 'validity', 'status', 'source', 'hosted'] as const satisfies readonly VerifyCheckName[];

export type Webhook = Schemas['Webhook'];
export type WebhookEvent = Item<Webhook['events']>;
export const WEBHOOK_EVENTS = [
  'credential.issued', 'credential.revoked', 'credential.suspended', 'credential.reinstated', 'credential.claimed',
  'credential.viewed', 'credential.shared', 'credential.linkedin-added', 'credential.verified', 'credential.accepted', 'credential.downloaded', 'credential.opened', 'credential.clicked',
] as const satisfies readonly WebhookEvent[];
/** At creation and after rotate-secret: the whsec_… secret, shown once. */
export type WebhookWithSecret = ResponseOf<'/api/v1/webhooks', 'post', 201>;
export type WebhookAttempt = Schemas['WebhookAttempt'];

export type GettingStarted = Schemas['GettingStarted'];
export type GettingStartedStep = Item<GettingStarted['steps']>['id'];

/** An earner's request to renew a certification, and one in the console's renewal queue. */
export type RenewalRequest = Schemas['RenewalRequest'];
export type RenewalQueueItem = Schemas['RenewalQueueItem'];
/** Certifications: renewal accepted this long after expiry (ISO 8601), reminder days, manual or automatic renewal. */
export type RenewalSettings = Pick<NewAchievement, 'gracePeriod' | 'reminderOffsets' | 'renewalMode'>;
/** An LMS registered as an LTI 1.3 platform, with the tool configuration to paste into it (docs/lti.md). */
export type LtiPlatform = Schemas['LtiPlatform'];

// Migration import (issue 14)
export type MigrationImport = Schemas['MigrationImport'];
export type MigrationImportResult = Item<MigrationImport['results']>;
export type ImportedCredential = Schemas['ImportedCredential'];
