import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql, type QueryExecutorProvider } from 'kysely';
import { inject } from 'vitest';
import { buildApp } from '../../src/adapters/http/app.js';
import type { HttpDeps } from '../../src/adapters/http/http-deps.js';
import { aesGcmVault } from '../../src/adapters/keys/key-vault.js';
import { localKms } from '../../src/adapters/keys/kms.js';
import { migrateToLatest, openStorage, type Engine, type Storage } from '../../src/adapters/storage/db.js';
import { TEST_MASTER_KEY, TEST_SCHEMA, cloneTemplate, databaseUrl, dropDatabase } from './pg-template.js';
import { assembleDeps } from '../../src/compose.js';
import { createMailer } from '../../src/adapters/mail/mailer.js';
import type { MailMessage, Mailer } from '../../src/domain/notifications/ports.js';
import { emailLinkJob } from '../../src/domain/earners/email-links.js';
import { invitationJob } from '../../src/domain/organisations/invite-member.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/domain/shared/ports.js';
import type { UntrustedWork } from '../../src/adapters/isolation/untrusted-work.js';
import { createVerifierDeps } from '../../src/adapters/verification/remote-documents.js';

export const ENGINES: Engine[] = ['sqlite', 'postgres'];
/**
 * The engines a conformance suite that checks signatures and data model (not storage) runs on: SQLite
 * only, as a full run's time is kept for the storage-sensitive tests, which all run on both engines.
 * `LAUREL_CONFORMANCE_ENGINES=sqlite,postgres` runs them on both (as before a release).
 */
export const CONFORMANCE_ENGINES: Engine[] = (process.env.LAUREL_CONFORMANCE_ENGINES?.split(',') as Engine[] | undefined) ?? ['sqlite'];
export const BASE_URL = 'https://badges.test.example';
export { TEST_MASTER_KEY };

let sqliteImage: Promise<Buffer> | undefined;
/** An in-memory SQLite database migrated once per worker, as bytes (`openStorage({ sqliteImage })` opens a copy). */
function migratedSqliteImage(): Promise<Buffer> {
  sqliteImage ??= (async () => {
    const storage = openStorage({ sqliteFile: ':memory:' });
    try {
      await migrateToLatest(storage.db, { kms: localKms(aesGcmVault(TEST_MASTER_KEY)) });
      return storage.serialize!();
    } finally {
      await storage.destroy();
    }
  })();
  return sqliteImage;
}

/**
 * A fresh, migrated database: in-memory SQLite, or a new PostgreSQL database cloned from the run's
 * migrated template (pg-template.ts). `databaseUrl` is the PostgreSQL database's address (for pg_dump).
 */
export async function openTestStorage(engine: Engine, sqliteFile = ':memory:'): Promise<{ storage: Storage; databaseUrl?: string; drop(): Promise<void> }> {
  if (engine === 'sqlite') {
    // In memory: a copy of the worker's migrated image (as PostgreSQL clones its template); a file of its own migrates.
    const storage = sqliteFile === ':memory:' ? openStorage({ sqliteImage: await migratedSqliteImage() }) : openStorage({ sqliteFile });
    if (sqliteFile !== ':memory:') await migrateToLatest(storage.db, { kms: localKms(aesGcmVault(TEST_MASTER_KEY)) });
    return { storage, drop: () => storage.destroy() };
  }
  const server = inject('pgUrl');
  const database = await cloneTemplate(server, inject('pgTemplate'));
  const url = databaseUrl(server, database);
  // No parallel query: the test databases are tiny.
  const storage = openStorage({ databaseUrl: url, pgSchema: TEST_SCHEMA, pgSettings: { max_parallel_workers_per_gather: '0' }, poolSize: 4 });
  return {
    storage,
    databaseUrl: url,
    drop: async () => {
      await storage.destroy();
      await dropDatabase(server, database);
    },
  };
}

/**
 * Dropping a schema locks each of its tables; another connection introspecting every schema of the
 * database (Kysely's migrator does) may hold some of them and wait for others: PostgreSQL breaks the
 * cycle by failing one side with a deadlock (40P01). Nothing was dropped then, so try again.
 */
export async function dropTestSchema(db: QueryExecutorProvider, schema: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt === 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

export interface TestContext {
  app: FastifyInstance;
  deps: HttpDeps;
  storage: Storage;
  /** The PostgreSQL database's address (undefined on SQLite). */
  databaseUrl?: string | undefined;
  close(): Promise<void>;
}

/** The real app over a real database; no port is opened (`app.inject`). */
export async function createTestApp(
  engine: Engine,
  options: { clock?: Clock; mailer?: Mailer; rateLimitRedis?: HttpDeps['rateLimitRedis']; signInThrottle?: HttpDeps['signInThrottle']; untrusted?: UntrustedWork; verifyRateLimitMax?: number; sqliteFile?: string; publicCacheTtlMs?: number } = {},
): Promise<TestContext> {
  const { storage, databaseUrl: url, drop } = await openTestStorage(engine, options.sqliteFile);
  const deps = assembleDeps({
    storage,
    baseUrl: BASE_URL,
    vault: aesGcmVault(TEST_MASTER_KEY),
    sessionTtlSeconds: 3600,
    clock: options.clock,
    signInThrottle: options.signInThrottle,
    mailer: options.mailer ?? createMailer({ outboxDir: mkdtempSync(join(tmpdir(), 'laurel-outbox-')), from: 'Laurel <test@laurel.test>' }).mailer,
    http: { bodyLimitBytes: 64 * 1024, secureCookies: false, trustProxy: false, logLevel: 'silent' },
    untrusted: options.untrusted,
    publicCacheTtlMs: options.publicCacheTtlMs,
  });
  if (options.rateLimitRedis) deps.rateLimitRedis = options.rateLimitRedis;
  // As LAUREL_VERIFY_RATE_LIMIT sets it: the public verifiers' per-IP limit a minute.
  if (options.verifyRateLimitMax !== undefined) {
    deps.verify = { verifier: createVerifierDeps({ allowHosts: [], isolation: deps.untrusted.pdf }, deps.clock), rateLimit: { max: options.verifyRateLimitMax, timeWindowMs: 60_000 }, maxUploadBytes: deps.http.bodyLimitBytes };
  }
  const app = await buildApp(deps, { logger: false });
  return {
    app,
    deps,
    storage,
    databaseUrl: url,
    close: async () => {
      await app.close();
      await deps.analytics.settled(); // what was counted in memory, written before the database goes
      await deps.untrusted.close();
      await drop();
    },
  };
}

export interface ApiClient {
  request(method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

/** An API client authenticated with a bearer key. */
export function apiClient(app: FastifyInstance, apiKey?: string): ApiClient {
  const request: ApiClient['request'] = (method, url, body, headers = {}) =>
    app.inject({
      method,
      url,
      headers: { ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}), ...headers },
      ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
    });
  return {
    request,
    get: (url) => request('GET', url),
    post: (url, body, headers) => request('POST', url, body, headers),
    patch: (url, body) => request('PATCH', url, body),
  };
}

export const PASSWORD = 'a long enough password';

/** First-run setup through the API; returns the all-scopes key. */
export async function setupOrganisation(app: FastifyInstance, name = 'Acme University', email = 'owner@acme.example'): Promise<{ apiKey: string; organisationId: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { organisationName: name, email, password: PASSWORD } });
  if (res.statusCode !== 201) throw new Error(`setup failed: ${res.statusCode} ${res.body}`);
  const body = res.json<{ apiKey: string; organisationId: string }>();
  return { apiKey: body.apiKey, organisationId: body.organisationId };
}

export const minimalIssuer = { name: 'Acme Badges', url: 'https://acme.example', email: 'badges@acme.example' };
export const minimalAchievement = (issuerId: string) => ({
  issuerId,
  name: 'Intro to Rust',
  description: 'Completed the introductory Rust course',
  criteria: { narrative: 'Finish all modules and the final project' },
  kind: 'certificate',
});
export const minimalCredential = (achievementId: string, email = 'learner@example.org') => ({
  achievementId,
  recipient: { email, name: 'Ada Learner' },
});

/**
 * Where most API suites start: a set-up organisation (its id and all-scopes key, and a client with it), its issuer and
 * one achievement: `minimalIssuer` and `minimalAchievement`, with the fields a suite gives in `issuer` and `achievement`.
 */
export async function organisationWithAchievement(
  app: FastifyInstance,
  fields: { issuer?: Record<string, unknown>; achievement?: Record<string, unknown> } = {},
): Promise<{ api: ApiClient; apiKey: string; organisationId: string; issuerId: string; achievementId: string }> {
  const { apiKey, organisationId } = await setupOrganisation(app);
  const api = apiClient(app, apiKey);
  const issuerId = (await api.post('/api/v1/issuers', { ...minimalIssuer, ...fields.issuer })).json().id as string;
  const achievementId = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), ...fields.achievement })).json().id as string;
  return { api, apiKey, organisationId, issuerId, achievementId };
}

/** Runs a job handler once with a mailer that keeps what it sends; returns the text of the one message. */
async function mailedBy(job: (deps: TestContext['deps']) => { handle: (payload: Record<string, unknown>, context: { jobId: string; attempt: number }) => Promise<unknown> }, ctx: TestContext, payload: Record<string, unknown>): Promise<string> {
  const sent: MailMessage[] = [];
  await job({ ...ctx.deps, mailer: { send: async (m) => void sent.push(m) } }).handle(payload, { jobId: 'test', attempt: 1 });
  if (sent.length !== 1) throw new Error(`expected one e-mail, got ${sent.length}`);
  return sent[0]!.text;
}

/**
 * An earner account, made the way people make one: the registration link is mailed to the address (here the
 * job that `POST /api/v1/accounts` queues runs at once) and used with the password. Returns the session answer.
 */
export async function registerAccount(ctx: TestContext, email: string, password = PASSWORD): Promise<LightMyRequestResponse> {
  const text = await mailedBy(emailLinkJob, ctx, { purpose: 'register', email });
  const token = /\/activate\/([A-Za-z0-9_-]+)/.exec(text)?.[1];
  if (!token) throw new Error(`no registration link for ${email} (has it an account?)`);
  const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/accounts/activate', payload: { token, password } });
  if (res.statusCode !== 201) throw new Error(`activation failed: ${res.statusCode} ${res.body}`);
  return res;
}

/** The headers of a signed-in session, from the answer that opened it (a sign-in or an activation): its cookie and CSRF token. */
export function sessionHeaders(res: LightMyRequestResponse): { cookie: string; 'x-csrf-token': string } {
  return { cookie: String(res.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': res.json().csrfToken as string };
}

/** Requests in the session that `res` opened, through inject. */
export function asSignedIn(app: FastifyInstance, res: LightMyRequestResponse) {
  const headers = sessionHeaders(res);
  return (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
}

/** Invites `email` with `role` and returns the token of the link the invitation e-mail carries. */
export async function invitationToken(ctx: TestContext, api: ApiClient, email: string, role: string): Promise<string> {
  const invited = await api.post('/api/v1/invitations', { email, role });
  if (invited.statusCode !== 202) throw new Error(`invitation failed: ${invited.statusCode} ${invited.body}`);
  const orgId = (await api.get('/api/v1/organisation')).json().id as string;
  const text = await mailedBy(invitationJob, ctx, { orgId, invitationId: invited.json().id });
  return /\/join\/([A-Za-z0-9_-]+)/.exec(text)![1]!;
}

/** A member, added the way people join: invited, then the link mailed to them used with a password. */
export async function addMemberByInvitation(ctx: TestContext, api: ApiClient, email: string, role: string, password = PASSWORD): Promise<{ userId: string }> {
  const token = await invitationToken(ctx, api, email, role);
  const joined = await ctx.app.inject({ method: 'POST', url: `/api/v1/join/${token}`, payload: { password } });
  if (joined.statusCode !== 200) throw new Error(`joining failed: ${joined.statusCode} ${joined.body}`);
  return { userId: joined.json().user.id };
}
