import type { AchievementRepo } from '../achievements/ports.js';
import type { ApiKeyRepo } from '../api-keys/ports.js';
import type { CredentialDocumentRepo, CredentialRepo, IdempotencyRepo } from '../credentials/ports.js';
import type { IssuerKeyRepo } from '../keys/ports.js';
import type { StatusListRepo } from '../status/ports.js';
import type { ClaimTokenRepo, OptOutRepo, UnsubscribeTokenRepo } from '../notifications/ports.js';
import type { InvitationRepo } from '../organisations/invitation-ports.js';
import type { EmailTokenRepo, UserAddressRepo } from '../earners/ports.js';
import type { BulkImportRepo } from '../bulk/ports.js';
import type { IssuerRepo } from '../issuers/ports.js';
import type { ImageRepo } from '../images/ports.js';
import type { MembershipRepo, OrganisationRepo, UserRepo } from '../organisations/ports.js';
import type { SessionRepo } from '../sessions/ports.js';
import type { WebhookRepo } from '../webhooks/ports.js';
import type { VcStatusRepo } from '../vc-api/status-ports.js';
import type { WalletOfferRepo } from '../oid4vci/ports.js';
import type { CredentialEventRepo } from '../credential-history/ports.js';
import type { BulkOperationRepo } from '../credentials/bulk-ports.js';
import type { RecipientRepo } from '../recipients/ports.js';
import type { OnboardingRepo } from '../onboarding/ports.js';
import type { CertificateTemplateRepo } from '../certificates/ports.js';
import type { AuthorizationRepo, OAuthClientRepo, OAuthTokenRepo } from '../oauth/ports.js';
import type { HostedCredentialRepo } from '../ob-api/ports.js';
import type { MfaRepo, PasskeyRepo } from '../mfa/ports.js';
import type { AwardRuleRepo, EventSourceRepo, InboundEventRepo, RuleAwardRepo } from '../event-rules/ports.js';
import type { ExpiryReminderRepo, RenewalRequestRepo } from '../renewals/ports.js';
import type { PrivacyRepo } from '../privacy/ports.js';
import type { AnalyticsRepo } from '../analytics/ports.js';
import type { AuditRepo } from './audit.js';
import type { JobQueue } from './jobs.js';
import type { WalletExchangeRepo } from '../wallet-exchanges/ports.js';

/** Every repository, as one unit of work. */
export interface Repositories {
  organisations: OrganisationRepo;
  users: UserRepo;
  memberships: MembershipRepo;
  sessions: SessionRepo;
  apiKeys: ApiKeyRepo;
  issuers: IssuerRepo;
  achievements: AchievementRepo;
  credentials: CredentialRepo;
  idempotency: IdempotencyRepo;
  audit: AuditRepo;
  jobs: JobQueue;
  issuerKeys: IssuerKeyRepo;
  statusLists: StatusListRepo;
  credentialDocuments: CredentialDocumentRepo;
  claims: ClaimTokenRepo;
  optOuts: OptOutRepo;
  addresses: UserAddressRepo;
  bulkImports: BulkImportRepo;
  emailTokens: EmailTokenRepo;
  images: ImageRepo;
  webhooks: WebhookRepo;
  invitations: InvitationRepo;
  unsubscribeTokens: UnsubscribeTokenRepo;
  vcStatus: VcStatusRepo;
  walletOffers: WalletOfferRepo;
  credentialEvents: CredentialEventRepo;
  bulkOperations: BulkOperationRepo;
  recipients: RecipientRepo;
  onboarding: OnboardingRepo;
  certificateTemplates: CertificateTemplateRepo;
  oauthClients: OAuthClientRepo;
  authorizations: AuthorizationRepo;
  oauthTokens: OAuthTokenRepo;
  walletExchanges: WalletExchangeRepo;
  hostedCredentials: HostedCredentialRepo;
  mfa: MfaRepo;
  passkeys: PasskeyRepo;
  eventSources: EventSourceRepo;
  inboundEvents: InboundEventRepo;
  awardRules: AwardRuleRepo;
  ruleAwards: RuleAwardRepo;
  expiryReminders: ExpiryReminderRepo;
  renewalRequests: RenewalRequestRepo;
  privacy: PrivacyRepo;
  analytics: AnalyticsRepo;
}

/** Repositories outside a transaction, and a way to run a function inside one. */
export interface Store extends Repositories {
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
}
