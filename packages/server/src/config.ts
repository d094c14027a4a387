import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseMasterKey } from './master-key.js';
import { parseEarnerProviders } from './domain/earner-oidc/providers.js';
import type { EarnerProvider } from './domain/earner-oidc/ports.js';

/** Every setting Laurel reads, parsed and validated once. The README's configuration table mirrors this. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  baseUrl: string;
  databaseUrl: string | undefined;
  /** PostgreSQL: prepare data statements once per connection (off behind poolers that cannot keep them). */
  pgPreparedStatements: boolean;
  sqliteFile: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimitBytes: number;
  /** POST /api/v1/imports (migration import files): its own, larger body limit. */
  importBodyLimitBytes: number;
  /** POST /api/v1/achievements/:id/bulk (a bulk-award CSV of up to 100,000 rows): its own, larger body limit. */
  bulkBodyLimitBytes: number;
  sessionTtlSeconds: number;
  /** Serve cookies with `Secure` (default: when LAUREL_BASE_URL is https). */
  secureCookies: boolean;
  trustProxy: boolean;
  webDist: string | undefined;
  /** 32-byte master key sealing issuer private keys; else `<dataDir>/master.key` is used (and generated). */
  masterKey: Buffer | undefined;
  masterKeyFile: string;
  /** LAUREL_MASTER_KEY_FILE was given: the file must exist (it is never generated). */
  masterKeyFileGiven: boolean;
  /** Hosts (`host` or `host:port`) the outbound fetch may reach even on private addresses (tests, private deployments). */
  fetchAllowHosts: string[];
  /** OpenID Providers earners may sign in with (LAUREL_EARNER_OIDC_PROVIDERS); empty: none. */
  earnerProviders: EarnerProvider[];
  /** Public verifications (POST /api/v1/verify) per client IP per minute. */
  verifyRateLimit: number;
  /** smtp(s)://… for outgoing e-mail; unset: messages go to `<dataDir>/outbox` as .eml files. */
  smtpUrl: string | undefined;
  mailFrom: string;
  outboxDir: string;
  /** Run background jobs (e-mails, bulk awards) in this process. */
  runJobs: boolean;
  /** redis://… shared by instances for rate limits; unset: each instance counts on its own. */
  redisUrl: string | undefined;
  /** How long a cached public page or status list may be served without news of a change (seconds; 0: no cache). */
  publicCacheTtlSeconds: number;
  /** Seconds a claimed job stays locked without a heartbeat before another worker may take it over. */
  jobLockSeconds: number;
  /** Worker threads signing new credentials; 0 signs on the main thread. */
  signingWorkers: number;
  /** Seconds a wallet credential offer (OpenID4VCI) stays redeemable. */
  walletOfferTtlSeconds: number;
  /** `all`: HTTP and jobs; `web`: HTTP only; `worker`: jobs, with only the operations routes on HTTP. */
  role: LaurelRole;
  /** Apply pending migrations on start (else `laurel migrate` does, e.g. a deployment's migrations job). */
  migrateOnStart: boolean;
  /** Bearer token that opens `/metrics` on the main port; unset: `/metrics` is not served there. */
  metricsToken: string | undefined;
  /** A separate listener for `/metrics` (and the health routes), on `host`; unset: none. */
  metricsPort: number | undefined;
  /** OTLP/HTTP endpoint traces are exported to; unset: tracing is off and its code is never loaded. */
  otlpEndpoint: string | undefined;
  /** OAuth 2.0: lifetimes of access tokens and of refresh tokens, in seconds. */
  oauthAccessTokenTtlSeconds: number;
  oauthRefreshTokenTtlSeconds: number;
  /** The privacy policy and terms of service the OB 3.0 API's discovery document names (default: the base URL). */
  privacyPolicyUrl: string;
  termsOfServiceUrl: string;
  /** Sensitive actions need a factor proven in the session within this many seconds (step-up). */
  stepUpSeconds: number;
  /** WebAuthn relying party id (default: the host of LAUREL_BASE_URL); passkeys are bound to it. */
  webauthnRpId: string;
  /** Minutes between sweeps for certification expiry reminders (each job runner enqueues one); 0: never. */
  expirySweepMinutes: number;
}

export const ROLES = ['all', 'web', 'worker'] as const;
export type LaurelRole = (typeof ROLES)[number];

/**
 * Default signing workers: one per CPU. Signing is the CPU-heavy part of issuing; the main thread
 * mostly waits on the database and the network, and a pool of CPUs − 1 leaves a 2-CPU server with
 * a single worker that serialises all signing (measured slower than signing in process).
 */
export function defaultSigningWorkers(cpus: number): number {
  return Math.max(1, cpus);
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Laurel cannot start; fix these settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: Env, cwd: string): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number between ${min} and ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false (got "${env[name]}")`);
    return fallback;
  };

  const port = int('PORT', 3000, 0, 65535);
  const host = env.HOST || '0.0.0.0';
  const dataDir = resolve(cwd, env.LAUREL_DATA_DIR || './data');

  let baseUrl = env.LAUREL_BASE_URL || `http://localhost:${port}`;
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push(`LAUREL_BASE_URL must be an http(s) URL (got "${baseUrl}")`);
    if (url.search || url.hash) problems.push('LAUREL_BASE_URL must not have a query or fragment');
    baseUrl = url.toString().replace(/\/+$/, '');
  } catch {
    problems.push(`LAUREL_BASE_URL must be an absolute URL such as https://badges.example.org (got "${baseUrl}")`);
  }

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/database); leave it unset for the embedded SQLite database');
  }

  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);

  let masterKey: Buffer | undefined;
  if (env.LAUREL_MASTER_KEY) {
    masterKey = parseMasterKey(env.LAUREL_MASTER_KEY);
    if (!masterKey) problems.push('LAUREL_MASTER_KEY must be 32 random bytes as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)');
  }

  const fetchAllowHosts = (env.LAUREL_FETCH_ALLOW_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  for (const entry of fetchAllowHosts) {
    if (!/^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$/.test(entry)) {
      problems.push(`LAUREL_FETCH_ALLOW_HOSTS must be a comma-separated list of host or host:port (got "${entry}")`);
    }
  }

  const earner = parseEarnerProviders(env.LAUREL_EARNER_OIDC_PROVIDERS);
  problems.push(...earner.problems);

  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must look like smtp://user:password@host:587 or smtps://…');
  if (env.REDIS_URL && !/^rediss?:\/\//.test(env.REDIS_URL)) problems.push('REDIS_URL must look like redis://host:6379 (or rediss:// for TLS)');
  const role = (env.LAUREL_ROLE || 'all') as LaurelRole;
  if (!ROLES.includes(role)) problems.push(`LAUREL_ROLE must be one of ${ROLES.join(', ')} (got "${env.LAUREL_ROLE}")`);
  const jobsWanted = bool('LAUREL_JOBS', true);
  if (role === 'worker' && !jobsWanted) problems.push('LAUREL_ROLE=worker runs jobs only, so LAUREL_JOBS cannot be false');
  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && !/^[\x21-\x7e]{16,200}$/.test(metricsToken)) problems.push('METRICS_TOKEN must be 16 to 200 printable characters without spaces (e.g. `openssl rand -hex 24`)');
  const metricsPort = env.METRICS_PORT ? int('METRICS_PORT', 0, 1, 65535) : undefined;
  if (metricsPort !== undefined && metricsPort === port) problems.push('METRICS_PORT must differ from PORT (it is a separate listener)');
  const otlpEndpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
  if (otlpEndpoint && !/^https?:\/\/[^\s]+$/.test(otlpEndpoint)) problems.push(`OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL such as http://otel-collector:4318 (got "${otlpEndpoint}")`);
  const mailFrom = env.LAUREL_MAIL_FROM || 'Laurel <no-reply@localhost>';
  if (!/@/.test(mailFrom)) problems.push(`LAUREL_MAIL_FROM must contain an e-mail address (got "${mailFrom}")`);

  const pageUrl = (name: string, raw: string | undefined): string => {
    if (raw === undefined || raw === '') return `${baseUrl}/`;
    try {
      if (['http:', 'https:'].includes(new URL(raw).protocol)) return raw;
    } catch {
      // reported below
    }
    problems.push(`${name} must be an absolute http(s) URL (got "${raw}")`);
    return `${baseUrl}/`;
  };
  const baseHost = (() => {
    try {
      return new URL(baseUrl).hostname;
    } catch {
      return 'localhost';
    }
  })();
  const webauthnRpId = (env.LAUREL_WEBAUTHN_RP_ID || baseHost).toLowerCase();
  if (webauthnRpId !== baseHost && !baseHost.endsWith(`.${webauthnRpId}`)) {
    problems.push(`LAUREL_WEBAUTHN_RP_ID must be the host of LAUREL_BASE_URL or a parent domain of it (got "${webauthnRpId}" for "${baseHost}")`);
  }

  const config: Config = {
    port,
    host,
    dataDir,
    baseUrl,
    databaseUrl,
    pgPreparedStatements: bool('LAUREL_PG_PREPARED_STATEMENTS', true),
    sqliteFile: resolve(dataDir, 'laurel.db'),
    logLevel,
    bodyLimitBytes: int('LAUREL_BODY_LIMIT', 1_048_576, 1024, 100 * 1_048_576),
    importBodyLimitBytes: int('LAUREL_IMPORT_BODY_LIMIT', 32 * 1_048_576, 1024, 512 * 1_048_576),
    bulkBodyLimitBytes: int('LAUREL_BULK_BODY_LIMIT', 16 * 1_048_576, 1024, 128 * 1_048_576),
    sessionTtlSeconds: int('LAUREL_SESSION_TTL', 7 * 24 * 3600, 60, 365 * 24 * 3600),
    secureCookies: bool('LAUREL_SECURE_COOKIES', baseUrl.startsWith('https://')),
    trustProxy: bool('LAUREL_TRUST_PROXY', false),
    webDist: env.LAUREL_WEB_DIST || undefined,
    masterKey,
    masterKeyFile: resolve(cwd, env.LAUREL_MASTER_KEY_FILE || resolve(dataDir, 'master.key')),
    masterKeyFileGiven: Boolean(env.LAUREL_MASTER_KEY_FILE),
    smtpUrl,
    mailFrom,
    outboxDir: resolve(cwd, env.LAUREL_OUTBOX_DIR || resolve(dataDir, 'outbox')),
    runJobs: role !== 'web' && jobsWanted,
    redisUrl: env.REDIS_URL || undefined,
    // With Redis, instances hear of each other's changes at once and the time to live is only a backstop.
    publicCacheTtlSeconds: int('LAUREL_PUBLIC_CACHE_TTL', env.REDIS_URL ? 300 : 5, 0, 86_400),
    jobLockSeconds: int('LAUREL_JOB_LOCK_SECONDS', 120, 1, 86_400),
    signingWorkers: int('LAUREL_SIGNING_WORKERS', defaultSigningWorkers(availableParallelism()), 0, 256),
    fetchAllowHosts,
    earnerProviders: earner.providers,
    verifyRateLimit: int('LAUREL_VERIFY_RATE_LIMIT', 30, 1, 100_000),
    walletOfferTtlSeconds: int('LAUREL_WALLET_OFFER_TTL', 3600, 60, 7 * 24 * 3600),
    role,
    migrateOnStart: bool('LAUREL_MIGRATE', true),
    metricsToken,
    metricsPort,
    otlpEndpoint,
    oauthAccessTokenTtlSeconds: int('LAUREL_OAUTH_ACCESS_TOKEN_TTL', 900, 60, 86_400),
    oauthRefreshTokenTtlSeconds: int('LAUREL_OAUTH_REFRESH_TOKEN_TTL', 30 * 24 * 3600, 300, 365 * 24 * 3600),
    privacyPolicyUrl: pageUrl('LAUREL_PRIVACY_POLICY_URL', env.LAUREL_PRIVACY_POLICY_URL),
    termsOfServiceUrl: pageUrl('LAUREL_TERMS_OF_SERVICE_URL', env.LAUREL_TERMS_OF_SERVICE_URL),
    stepUpSeconds: int('LAUREL_STEP_UP_MINUTES', 10, 1, 24 * 60) * 60,
    webauthnRpId,
    expirySweepMinutes: int('LAUREL_EXPIRY_SWEEP_MINUTES', 60, 0, 7 * 24 * 60),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
