import { importedAwardRepo, migrationImportRepo } from './repos/migration-imports.repo.js';
import type { Kysely } from 'kysely';
import type { Repositories, Store } from '../../domain/shared/store.js';
import type { Engine } from './db.js';
import { analyticsRepo } from './repos/analytics.repo.js';
import { earnerOidcRepo } from './repos/earner-oidc.repo.js';
import { achievementRepo } from './repos/achievements.repo.js';
import { walletExchangeRepo } from './repos/wallet-exchanges.repo.js';
import { apiKeyRepo, sessionRepo } from './repos/auth.repo.js';
import { auditRepo } from './repos/audit.repo.js';
import { credentialRepo, idempotencyRepo } from './repos/credentials.repo.js';
import { issuerRepo } from './repos/issuers.repo.js';
import { jobQueue } from './repos/jobs.repo.js';
import { credentialDocumentRepo, issuerKeyRepo, statusListRepo } from './repos/keys-and-status.repo.js';
import { claimTokenRepo, optOutRepo, unsubscribeTokenRepo } from './repos/claims.repo.js';
import { invitationRepo } from './repos/invitations.repo.js';
import { userAddressRepo } from './repos/addresses.repo.js';
import { bulkImportRepo } from './repos/bulk-imports.repo.js';
import { bulkAwardRepo } from './repos/bulk-awards.repo.js';
import { emailTokenRepo } from './repos/email-tokens.repo.js';
import { imageRepo } from './repos/images.repo.js';
import { vcStatusRepo } from './repos/vc-status.repo.js';
import { walletOfferRepo } from './repos/wallet-offers.repo.js';
import { webhookRepo } from './repos/webhooks.repo.js';
import { onboardingRepo } from './repos/onboarding.repo.js';
import { certificateTemplateRepo } from './repos/certificate-templates.repo.js';
import { authorizationRepo, dpopProofRepo, oauthClientRepo, oauthTokenRepo } from './repos/oauth.repo.js';
import { hostedCredentialRepo } from './repos/hosted-credentials.repo.js';
import { membershipRepo, organisationRepo, userRepo } from './repos/organisations.repo.js';
import { credentialEventRepo } from './repos/credential-events.repo.js';
import { bulkOperationRepo } from './repos/bulk-operations.repo.js';
import { recipientRepo } from './repos/recipients.repo.js';
import { mfaRepo } from './repos/mfa.repo.js';
import { passkeyRepo } from './repos/passkeys.repo.js';
import { awardRuleRepo, eventSourceRepo, inboundEventRepo, ruleAwardRepo } from './repos/event-rules.repo.js';
import { expiryReminderRepo, renewalRequestRepo } from './repos/renewals.repo.js';
import { privacyRepo } from './repos/privacy.repo.js';
import { ltiRepo } from './repos/lti.repo.js';
import { claimCodeRepo } from './repos/claim-codes.repo.js';
import { ssoRepo } from './repos/sso.repo.js';
import type { Database } from './schema.js';
import type { PersonalDataKeys } from './personal-data.js';
import { endorsementRepo } from './repos/endorsements.repo.js';
import { evidenceFileRepo } from './repos/evidence-files.repo.js';
import { organisationDeletionRepo } from './repos/organisation-deletion.repo.js';

export interface StoreOptions {
  engine: Engine;
  newId: () => string;
  now: () => Date;
  /** Envelope encryption of addresses and names (personal-data.ts). */
  personalData: PersonalDataKeys;
}

function repositories(db: Kysely<Database>, o: StoreOptions): Repositories {
  return {
    organisations: organisationRepo(db, o.personalData),
    users: userRepo(db, o.personalData),
    memberships: membershipRepo(db, o.personalData, o.engine),
    sessions: sessionRepo(db),
    apiKeys: apiKeyRepo(db),
    issuers: issuerRepo(db),
    achievements: achievementRepo(db),
    credentials: credentialRepo(db, o),
    idempotency: idempotencyRepo(db),
    audit: auditRepo(db, o.engine),
    jobs: jobQueue(db, o.engine, o.newId, o.now, o.personalData),
    issuerKeys: issuerKeyRepo(db),
    statusLists: statusListRepo(db, o.engine),
    credentialDocuments: credentialDocumentRepo(db),
    claims: claimTokenRepo(db, o.personalData),
    optOuts: optOutRepo(db, o.personalData),
    addresses: userAddressRepo(db, o.personalData),
    bulkImports: bulkImportRepo(db, o.personalData),
    bulkAwards: bulkAwardRepo(db, o),
    emailTokens: emailTokenRepo(db, o.personalData),
    images: imageRepo(db),
    webhooks: webhookRepo(db),
    invitations: invitationRepo(db, o.personalData),
    unsubscribeTokens: unsubscribeTokenRepo(db, o.personalData),
    vcStatus: vcStatusRepo(db, o.engine),
    walletOffers: walletOfferRepo(db),
    credentialEvents: credentialEventRepo(db, o.personalData),
    bulkOperations: bulkOperationRepo(db),
    recipients: recipientRepo(db, o.personalData),
    onboarding: onboardingRepo(db),
    certificateTemplates: certificateTemplateRepo(db),
    oauthClients: oauthClientRepo(db),
    authorizations: authorizationRepo(db),
    oauthTokens: oauthTokenRepo(db),
    walletExchanges: walletExchangeRepo(db),
    hostedCredentials: hostedCredentialRepo(db),
    mfa: mfaRepo(db),
    expiryReminders: expiryReminderRepo(db),
    renewalRequests: renewalRequestRepo(db),
    passkeys: passkeyRepo(db),
    eventSources: eventSourceRepo(db),
    inboundEvents: inboundEventRepo(db, o.personalData),
    awardRules: awardRuleRepo(db),
    ruleAwards: ruleAwardRepo(db, o.personalData),
    privacy: privacyRepo(db, o.engine, o.personalData),
    lti: ltiRepo(db, o.personalData),
    claimCodes: claimCodeRepo(db, o.personalData),
    migrationImports: migrationImportRepo(db, o.personalData),
    importedAwards: importedAwardRepo(db),
    dpopProofs: dpopProofRepo(db),
    sso: ssoRepo(db, o.personalData),
    analytics: analyticsRepo(db, o.engine),
    earnerOidc: earnerOidcRepo(db, o.personalData),
    endorsements: endorsementRepo(db),
    evidenceFiles: evidenceFileRepo(db, o.personalData),
    organisationDeletion: organisationDeletionRepo(db, o.personalData),
  };
}

/** The Kysely implementation of the domain's Store port. */
export function createStore(db: Kysely<Database>, options: StoreOptions): Store {
  return {
    ...repositories(db, options),
    // The personal-data keys are loaded before a transaction (SQLite has one connection: none can be read beside it).
    transaction: async (fn) => {
      await options.personalData.ready();
      const result = await db.transaction().execute((tx) => fn(repositories(tx, options)));
      // An organisation that sealed under the shared key for want of its own (one made before the upgrade) gets it now.
      await options.personalData.makeMissingKeys();
      return result;
    },
  };
}
