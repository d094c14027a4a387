import { MIGRATION_IMPORT_JOB } from './domain/migration-import/start-migration-import.js';
import { migrationImportJob } from './domain/migration-import/run-migration-import.js';
import { ORGANISATION_PURGE_JOB, organisationPurgeJob } from './domain/organisations/delete-organisation.js';
import { createVerifierDeps } from './adapters/verification/remote-documents.js';
import { applyRetention } from './domain/privacy/apply-retention.js';
import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createDocumentLoader, createProofRegistry } from '@laurel/core';
import { randomIds, systemClock } from './adapters/clock/system.js';
import type { HttpDeps } from './adapters/http/http-deps.js';
import { publicLinks } from './adapters/links/public-links.js';
import { aesGcmVault, loadOrCreateMasterKey } from './adapters/keys/key-vault.js';
import { cachedSigningKeys } from './adapters/keys/signing-keys.js';
import { createSigningPool, type SigningPool } from './adapters/signing-pool/pool.js';
import { argon2Hasher } from './adapters/passwords/argon2.js';
import { migrateStorage, openStorage, type Storage } from './adapters/storage/db.js';
import { readinessProbe } from './adapters/health/readiness.js';
import { createMetrics } from './adapters/metrics/metrics.js';
import { readJobStats } from './adapters/storage/repos/job-stats.js';
import { BULK_JOB } from './domain/bulk/start-bulk-import.js';
import { EMAIL_LINK_JOB } from './domain/earners/email-links.js';
import { INVITATION_JOB } from './domain/organisations/invite-member.js';
import { DELIVER_JOB, enqueueWebhookEvent } from './domain/webhooks/events.js';
import { createStore } from './adapters/storage/store.js';
import { personalDataKeys } from './adapters/storage/personal-data.js';
import { localKms, type Kms } from './adapters/keys/kms.js';
import { verifyHttpDeps } from './adapters/verification/verify-http-deps.js';
import { createUntrustedWork, type UntrustedWork } from './adapters/isolation/untrusted-work.js';
import { memorySignInThrottle } from './adapters/sign-in-throttle/memory.js';
import { redisSignInThrottle } from './adapters/sign-in-throttle/redis.js';
import type { SignInThrottle } from './domain/sessions/ports.js';
import { createImageProcessor } from './adapters/images/image-processor.js';
import type { ImageProcessor } from './domain/images/processor.js';
import { Redis } from 'ioredis';
import { createPublicCache } from './adapters/cache/public-cache.js';
import { trackPublicChanges } from './adapters/cache/track-changes.js';
import { shareInvalidations } from './adapters/cache/redis-invalidation.js';
import type { Config } from './config.js';
import type { CredentialSigner } from './domain/credentials/ports.js';
import { inProcessSigner } from './domain/credentials/sign-credential.js';
import type { KeyVault } from './domain/keys/ports.js';
import type { Mailer } from './domain/notifications/ports.js';
import { awardEmailRenderer } from './adapters/mail/award-email.js';
import { parseCsvRecords, readCsvRecords } from './adapters/csv/parse-csv.js';
import { BULK_PART_JOB, bulkImportJob, bulkPartJob } from './domain/bulk/run-bulk-import.js';
import { emailLinkJob } from './domain/earners/email-links.js';
import { invitationJob } from './domain/organisations/invite-member.js';
import { createMailer } from './adapters/mail/mailer.js';
import { createJobRunner, type JobRunner } from './adapters/jobs/job-runner.js';
import { EXPIRY_REMINDER_JOB, EXPIRY_SWEEP_JOB, expirySweepJob } from './domain/renewals/expiry-sweep.js';
import { expiryReminderJob } from './domain/renewals/expiry-reminder-job.js';
import { scheduleExpirySweep } from './adapters/jobs/expiry-schedule.js';
import { notifyRecipientJob } from './domain/notifications/notify-recipient.js';
import { AWARD_EMAILS_JOB, awardEmailsJob } from './domain/notifications/award-emails-job.js';
import type { PasswordHasher } from './domain/organisations/ports.js';
import type { Clock, IdGenerator } from './domain/shared/ports.js';
import type { Telemetry } from './domain/shared/telemetry.js';
import { createEngagementRecorder } from './domain/analytics/record-engagement.js';
import { guardedWebhookTransport } from './adapters/webhooks/guarded-transport.js';
import { deliverWebhookJob } from './domain/webhooks/deliver-webhook.js';
import { TX_CODE_JOB, txCodeJob } from './domain/oid4vci/tx-code-job.js';
import { evaluateEventJob } from './domain/event-rules/evaluate-event.js';
import { withPathwayAwards } from './domain/event-rules/pathway-awards.js';
import { EVALUATE_EVENT_JOB } from './domain/event-rules/receive-event.js';
import { withIssuedWebhooks } from './domain/webhooks/issued-event.js';
import { recentSubscriptions } from './domain/webhooks/recent-subscriptions.js';
import type { WebhookTransport } from './domain/webhooks/ports.js';
import { DEFAULT_OAUTH_TTLS, type OAuthSettings } from './domain/oauth/settings.js';
import { oid4vciAuthorizationExtension } from './domain/oid4vci/authorization-extension.js';
import { otpauthTotp } from './adapters/mfa/otpauth-totp.js';
import { CLAIM_CONFIRM_JOB, claimConfirmJob } from './domain/claim-codes/claim-with-code.js';
import { simpleWebAuthnRelyingParty, type RelyingPartyConfig } from './adapters/mfa/simplewebauthn-rp.js';
import { guardedLtiHttp } from './adapters/lti/guarded-lti-http.js';
import { LTI_SYNC_JOB, LTI_SYNC_SWEEP_JOB, ltiSyncJob, ltiSyncSweepJob } from './domain/lti/sync-scores.js';
import { ssoServices } from './adapters/sso/index.js';

export interface Services {
  storage: Storage;
  deps: HttpDeps;
  close(): Promise<void>;
}

const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface AssembleOptions {
  storage: Storage;
  baseUrl: string;
  vault: KeyVault;
  /** Wraps the personal-data keys; default: the master key (`localKms(vault)`). */
  kms?: Kms;
  http: HttpDeps['http'];
  sessionTtlSeconds: number;
  clock?: Clock;
  ids?: IdGenerator;
  passwords?: PasswordHasher;
  credentialSigner?: CredentialSigner;
  /** Makes the signer from the assembled key cache (e.g. a worker pool); used when `credentialSigner` is not given. */
  makeCredentialSigner?: (parts: SignerParts) => CredentialSigner;
  mailer: Mailer;
  /** Default: the SSRF-guarded transport with no allow-list. */
  webhookTransport?: WebhookTransport;
  /** Default: worker pools with the limits of UNTRUSTED_LIMITS. */
  untrusted?: UntrustedWork;
  /** Default: counters in this process's memory. */
  signInThrottle?: SignInThrottle;
  /** Default: sharp in this process; SVG sanitised and drawn in the `untrusted.images` child processes. */
  imaging?: ImageProcessor;
  /** Default: 3600 (LAUREL_WALLET_OFFER_TTL). */
  walletOfferTtlSeconds?: number;
  /** Default: nothing counted. */
  telemetry?: Telemetry;
  /** Default: DEFAULT_OAUTH_TTLS; OpenID4VCI's extension is always there, these are added. */
  oauth?: Partial<Omit<OAuthSettings, 'issuer'>>;
  /** The OB 3.0 API's discovery document (default: the base URL for both). */
  obApi?: HttpDeps['obApi'];
  /** Step-up window; default 10 minutes. */
  stepUpSeconds?: number;
  /** WebAuthn relying party; default: the host and origin of `baseUrl`. */
  webauthn?: Partial<RelyingPartyConfig>;
  /** Hosts the single sign-on fetches may reach although private or plain http (LAUREL_FETCH_ALLOW_HOSTS). */
  ssoAllowHosts?: readonly string[];
  /** OpenID Providers earners may sign in with (LAUREL_EARNER_OIDC_PROVIDERS). */
  earnerProviders?: HttpDeps['earnerProviders'];
  /** Public page and status list cache: time to live in ms (default 5000; 0: off). */
  publicCacheTtlMs?: number;
}

/** What a signer built outside the process (a worker pool) needs from the assembled dependencies. */
export interface SignerParts {
  signingKeys: HttpDeps['signingKeys'];
  issuerKeys: HttpDeps['store']['issuerKeys'];
  vault: KeyVault;
  clock: Clock;
  baseUrl: string;
}

/** Every dependency of the domain and the HTTP adapter, over an open storage. */
export function assembleDeps(o: AssembleOptions): HttpDeps {
  const clock = o.clock ?? systemClock;
  const ids = o.ids ?? randomIds;
  const personalData = personalDataKeys(o.storage.db, o.kms ?? localKms(o.vault));
  const publicCache = createPublicCache({ ttlMs: o.publicCacheTtlMs ?? 5000, now: () => clock.now().getTime() });
  // Every committed write that changes a public answer drops it from the cache (and tells the other instances).
  const store = trackPublicChanges(createStore(o.storage.db, { engine: o.storage.engine, newId: ids.id, now: () => clock.now(), personalData }), (change) =>
    publicCache.invalidate(change, { local: true }),
  );
  const links = publicLinks(o.baseUrl);
  const subscribers = recentSubscriptions({ webhooks: store.webhooks, elapsedMs: () => performance.now() });
  const signingKeys = cachedSigningKeys({ keys: store.issuerKeys, vault: o.vault, urls: links });
  const proofs = createProofRegistry();
  const documentLoader = createDocumentLoader();
  const untrusted = o.untrusted ?? createUntrustedWork();
  return {
    store,
    clock,
    ids,
    passwords: o.passwords ?? argon2Hasher(),
    sessionTtlSeconds: o.sessionTtlSeconds,
    signInThrottle: o.signInThrottle ?? memorySignInThrottle(),
    vault: o.vault,
    signingKeys,
    proofs,
    documentLoader,
    credentialSigner:
      o.credentialSigner ??
      o.makeCredentialSigner?.({ signingKeys, issuerKeys: store.issuerKeys, vault: o.vault, clock, baseUrl: o.baseUrl }) ??
      inProcessSigner({ signingKeys, proofs, documentLoader, urls: links, clock }),
    random: { int: (max) => randomInt(max) },
    urls: links,
    links,
    mailer: o.mailer,
    emailRenderer: awardEmailRenderer,
    parseCsv: parseCsvRecords,
    readCsv: readCsvRecords,
    webhookTransport: o.webhookTransport ?? guardedWebhookTransport(),
    imaging: o.imaging ?? createImageProcessor(untrusted.images),
    walletOfferTtlSeconds: o.walletOfferTtlSeconds ?? 3600,
    oauth: { issuer: links.base, ...DEFAULT_OAUTH_TTLS, ...o.oauth, extensions: [oid4vciAuthorizationExtension({ store, urls: links, clock }), ...(o.oauth?.extensions ?? [])] },
    obApi: o.obApi ?? { privacyPolicyUrl: `${links.base}/`, termsOfServiceUrl: `${links.base}/` },
    totp: otpauthTotp,
    webauthn: simpleWebAuthnRelyingParty({ rpId: new URL(o.baseUrl).hostname, rpName: 'Laurel', origins: [new URL(o.baseUrl).origin], ...o.webauthn }),
    stepUpSeconds: o.stepUpSeconds ?? 600,
    sso: ssoServices({ baseUrl: o.baseUrl, allowHosts: o.ssoAllowHosts }),
    earnerProviders: o.earnerProviders ?? [],
    http: o.http,
    untrusted,
    readiness: readinessProbe({ storage: o.storage }),
    telemetry: o.telemetry,
    publicCache,
    analytics: createEngagementRecorder({
      store,
      clock,
      telemetry: o.telemetry,
      publish: async (credential, metric, detail, count) => {
        if (!(await subscribers(credential.orgId, `credential.${metric}`))) return;
        for (let i = 0; i < count; i++) await enqueueWebhookEvent({ clock, urls: links }, store, { type: `credential.${metric}`, credential, status: credential.status ?? 'unknown', occurredAt: clock.now(), eventId: ids.id(), detail });
      },
    }),
  };
}

/** Composition root shared by the server and the CLI: config -> storage -> deps. */
export async function composeServices(config: Config, log: (message: string) => void = () => undefined, options: { metrics?: boolean } = {}): Promise<Services> {
  const storage = openStorage({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile, prepareStatements: config.pgPreparedStatements });
  const master = loadOrCreateMasterKey(config.masterKey, config.masterKeyFile, { mustExist: config.masterKeyFileGiven });
  if (master.source === 'generated') log(`generated a master key at ${config.masterKeyFile}: back it up, without it issuer keys and personal data cannot be read`);
  // Without it (LAUREL_MIGRATE=false), `laurel migrate` does it, and /ready says "pending" until then.
  if (config.migrateOnStart) await migrateStorage(storage, localKms(aesGcmVault(master.key)));
  const mail = createMailer({ smtpUrl: config.smtpUrl, outboxDir: config.outboxDir, from: config.mailFrom });
  log(`e-mail: ${mail.describe}`);
  let pool: SigningPool | undefined;
  const metrics = options.metrics
    ? createMetrics({ jobStats: () => readJobStats(storage.db, new Date()), jobNames: JOB_NAMES, poolStats: storage.poolStats })
    : undefined;
  const deps = assembleDeps({
    storage,
    telemetry: metrics?.telemetry,
    mailer: mail.mailer,
    webhookTransport: guardedWebhookTransport({ allowHosts: config.fetchAllowHosts }),
    baseUrl: config.baseUrl,
    vault: aesGcmVault(master.key),
    sessionTtlSeconds: config.sessionTtlSeconds,
    walletOfferTtlSeconds: config.walletOfferTtlSeconds,
    stepUpSeconds: config.stepUpSeconds,
    webauthn: { rpId: config.webauthnRpId },
    ssoAllowHosts: config.fetchAllowHosts,
    earnerProviders: config.earnerProviders,
    publicCacheTtlMs: config.publicCacheTtlSeconds * 1000,
    http: {
      bodyLimitBytes: config.bodyLimitBytes,
      importBodyLimitBytes: config.importBodyLimitBytes,
      bulkBodyLimitBytes: config.bulkBodyLimitBytes,
      secureCookies: config.secureCookies,
      trustProxy: config.trustProxy,
      logLevel: config.logLevel,
      webDist: config.webDist ?? DEFAULT_WEB_DIST,
      metricsToken: config.metricsToken,
    },
    oauth: { accessTokenTtlSeconds: config.oauthAccessTokenTtlSeconds, refreshTokenTtlSeconds: config.oauthRefreshTokenTtlSeconds },
    obApi: { privacyPolicyUrl: config.privacyPolicyUrl, termsOfServiceUrl: config.termsOfServiceUrl },
    ...(config.signingWorkers > 0 ? { makeCredentialSigner: (parts: SignerParts) => (pool = createSigningPool({ workers: config.signingWorkers, ...parts })) } : {}),
  });
  deps.verify = verifyHttpDeps(config, deps.clock, deps.untrusted.pdf);
  deps.lti = { http: guardedLtiHttp({ allowHosts: config.fetchAllowHosts }) };
  deps.metrics = metrics;
  let invalidations: { close(): Promise<void> } | undefined;
  let cacheWarnedAt = 0;
  const warnCache = () => {
    if (Date.now() - cacheWarnedAt < 60_000) return;
    cacheWarnedAt = Date.now();
    log(`Redis unreachable: cached public pages may lag other instances' changes by up to ${config.publicCacheTtlSeconds} s`);
  };
  const redis = config.redisUrl ? new Redis(config.redisUrl, { connectTimeout: 1000, maxRetriesPerRequest: 1, lazyConnect: false }) : undefined;
  if (redis) {
    deps.rateLimitRedis = redis;
    let warnedAt = 0;
    const warn = () => {
      if (Date.now() - warnedAt < 60_000) return;
      warnedAt = Date.now();
      log('Redis unreachable: sign-in failures are counted in this process meanwhile');
    };
    deps.signInThrottle = redisSignInThrottle(redis, { onError: warn });
    log('rate limits and sign-in failure counts are shared through Redis');
    invalidations = await shareInvalidations(deps.publicCache, redis, { onError: warnCache });
  }
  deps.readiness = readinessProbe({ storage, redis });
  return {
    storage,
    deps,
    close: async () => {
      // The views and other engagements counted in memory since the last write (a crash would lose them).
      await deps.analytics.settled();
      await deps.untrusted.close();
      await pool?.close();
      await invalidations?.close();
      redis?.disconnect();
      await storage.destroy();
    },
  };
}

/** The names of the jobs this server runs (reported by the metrics even while none is queued). One per line. */
const JOB_NAMES = [
  'credential.issued',
  AWARD_EMAILS_JOB,
  BULK_JOB,
  BULK_PART_JOB,
  EMAIL_LINK_JOB,
  INVITATION_JOB,
  DELIVER_JOB,
  TX_CODE_JOB,
  EVALUATE_EVENT_JOB,
  EXPIRY_SWEEP_JOB,
  EXPIRY_REMINDER_JOB,
  LTI_SYNC_JOB,
  LTI_SYNC_SWEEP_JOB,
  CLAIM_CONFIRM_JOB,
  MIGRATION_IMPORT_JOB,
  ORGANISATION_PURGE_JOB,
];

/** The job handlers this server runs. One per line. */
export function jobHandlers(deps: HttpDeps) {
  return [
    withIssuedWebhooks(withPathwayAwards(notifyRecipientJob(deps), deps), deps),
    awardEmailsJob(deps),
    bulkImportJob(deps),
    bulkPartJob(deps),
    emailLinkJob(deps),
    invitationJob(deps),
    deliverWebhookJob(deps),
    txCodeJob(deps),
    evaluateEventJob(deps),
    expirySweepJob(deps),
    expiryReminderJob(deps),
    ...ltiJobs(deps),
    claimConfirmJob(deps),
    migrationImportJob({ ...deps, verifier: importVerifier(deps) }),
    organisationPurgeJob(deps),
  ];
}

/** LTI score syncs; the platform HTTP is read when a job runs (tests set it after building the app). */
function ltiJobs(deps: HttpDeps) {
  const withHttp = () => ({ ...deps, ltiHttp: deps.lti?.http ?? guardedLtiHttp() });
  return [ltiSyncJob(withHttp), ltiSyncSweepJob(withHttp)];
}


/** What the migration import verifies OB 2.0 assertions with: the configured verifier (SSRF-guarded fetch), else the guarded default. */
function importVerifier(deps: HttpDeps) {
  return deps.verify?.verifier ?? createVerifierDeps({ allowHosts: [], isolation: deps.untrusted.pdf }, deps.clock);
}

/**
 * Jobs one process runs at once: an award e-mail mostly waits on the database and the mail server, and
 * a bulk award on its rows, so a few side by side keep the e-mails from trailing far behind the awards.
 */
export const JOB_CONCURRENCY = 4;

export function startJobs(deps: HttpDeps, log: NonNullable<Parameters<typeof createJobRunner>[0]['log']>, lockSeconds?: number, expirySweepMinutes = 60): JobRunner {
  const runner = createJobRunner({ queue: deps.store.jobs, handlers: jobHandlers(deps), clock: deps.clock, log, lockSeconds, observe: deps.metrics?.jobRun, concurrency: JOB_CONCURRENCY });
  runner.start();
  // The certification expiry sweep, on a schedule (once per credential and offset, whatever the sweeps).
  const sweeps = scheduleExpirySweep(deps.store.jobs, expirySweepMinutes, log);
  // LTI: every placement's scores are read again (AGS results, NRPS roster) every 15 minutes.
  const ltiSweep = setInterval(() => void deps.store.jobs.enqueue({ name: LTI_SYNC_SWEEP_JOB, payload: {}, maxAttempts: 3 }).catch((error: unknown) => log.error({ err: error }, 'could not enqueue the LTI sync')), 15 * 60_000);
  ltiSweep.unref();
  // The daily privacy job (audit chains sealed, retention applied): idempotent, so every job process may run it.
  const privacy = () => void applyRetention(deps).then((r) => log.info(r, 'privacy retention applied')).catch((error: unknown) => log.error({ err: error }, 'privacy retention failed'));
  const first = setTimeout(privacy, 60_000).unref();
  const daily = setInterval(privacy, 86_400_000).unref();
  return {
    ...runner,
    stop: async () => {
      sweeps.stop();
      clearInterval(ltiSweep);
      clearTimeout(first);
      clearInterval(daily);
      await runner.stop();
    },
  };
}
