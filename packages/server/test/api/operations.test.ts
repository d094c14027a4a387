import { Writable } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp, loggerOptions } from '../../src/adapters/http/app.js';
import { buildOpsApp } from '../../src/adapters/http/ops-app.js';
import type { HttpDeps } from '../../src/adapters/http/http-deps.js';
import { readinessProbe } from '../../src/adapters/health/readiness.js';
import { aesGcmVault } from '../../src/adapters/keys/key-vault.js';
import { createMailer } from '../../src/adapters/mail/mailer.js';
import { createMetrics } from '../../src/adapters/metrics/metrics.js';
import { ensureSchema, openStorage } from '../../src/adapters/storage/db.js';
import { readJobStats } from '../../src/adapters/storage/repos/job-stats.js';
import { assembleDeps } from '../../src/compose.js';
import {
  BASE_URL,
  ENGINES,
  TEST_MASTER_KEY,
  apiClient,
  dropTestSchema,
  minimalCredential,
  openTestStorage,
  organisationWithAchievement,
} from '../support/test-app.js';

const TOKEN = 'metrics-token-0123456789abcdef';

/** The real app with metrics on, as `serve` composes it, and every log line it writes. */
async function observedApp(engine: 'sqlite' | 'postgres', options: { metricsToken?: string | undefined } = { metricsToken: TOKEN }) {
  const { storage, drop } = await openTestStorage(engine);
  const metrics = createMetrics({ jobStats: () => readJobStats(storage.db, new Date()), jobNames: ['credential.issued'], poolStats: storage.poolStats });
  const deps = assembleDeps({
    storage,
    baseUrl: BASE_URL,
    vault: aesGcmVault(TEST_MASTER_KEY),
    sessionTtlSeconds: 3600,
    telemetry: metrics.telemetry,
    mailer: createMailer({ outboxDir: mkdtempSync(join(tmpdir(), 'laurel-outbox-')), from: 'Laurel <test@laurel.test>' }).mailer,
    http: { bodyLimitBytes: 64 * 1024, secureCookies: false, trustProxy: false, logLevel: 'info', metricsToken: options.metricsToken },
  });
  deps.metrics = metrics;
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(...String(chunk).split('\n').filter(Boolean)), done()) });
  const app = await buildApp(deps, { logger: { ...(loggerOptions('info') as object), stream } });
  return {
    app,
    deps,
    storage,
    logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    rawLogs: () => lines.join('\n'),
    close: async () => {
      await app.close();
      await deps.untrusted.close();
      await drop().catch(() => undefined);
    },
  };
}

const scrape = async (app: FastifyInstance, token = TOKEN): Promise<string> => {
  const res = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toContain('text/plain');
  return res.body;
};
/** The value of one sample, by its exact label set as Prometheus prints it. */
const sample = (text: string, series: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : NaN;
};

describe.each(ENGINES)('operations: metrics, readiness and request ids (%s)', (engine) => {
  let ctx: Awaited<ReturnType<typeof observedApp>>;
  let apiKey: string;
  let achievementId: string;

  beforeAll(async () => {
    ctx = await observedApp(engine);
    ({ apiKey, achievementId } = await organisationWithAchievement(ctx.app));
  });
  afterAll(async () => ctx?.close());

  it('keeps /metrics off the public port without the token: 401 to a stranger or a wrong token, and a 404 when no token is configured', async () => {
    const none = await ctx.app.inject({ method: 'GET', url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ type: 'https://laurel.dev/problems/unauthenticated' });
    expect(none.body).not.toContain('laurel_');
    expect((await ctx.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${apiKey}` } })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: TOKEN } })).statusCode).toBe(401);

    const closed = await observedApp(engine, { metricsToken: undefined });
    try {
      const res = await closed.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('laurel_');
    } finally {
      await closed.close();
    }
  });

  it('counts real issuance and verification by outcome, times requests by route pattern, and reads the jobs table', async () => {
    const api = apiClient(ctx.app, apiKey);
    const before = await scrape(ctx.app);
    const issuedBefore = sample(before, 'laurel_credentials_issued_total{channel="api",outcome="issued"}');

    const secretEmail = `secret.${randomBytes(4).toString('hex')}@example.org`;
    const created = await api.post('/api/v1/credentials', minimalCredential(achievementId, secretEmail), { 'idempotency-key': 'award-once' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect((await api.post('/api/v1/credentials', minimalCredential(achievementId, secretEmail), { 'idempotency-key': 'award-once' })).statusCode).toBe(201);
    expect((await api.post('/api/v1/credentials', minimalCredential('no-such-achievement-id', secretEmail))).statusCode).toBe(404);
    const ob3 = (await ctx.app.inject({ method: 'GET', url: `/ob3/credentials/${id}` })).json();
    const verified = await ctx.app.inject({ method: 'POST', url: '/api/v1/verify', payload: { credential: ob3 } });
    expect(verified.json().valid).toBe(true);
    const tampered = { ...ob3, name: 'Something else' };
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/verify', payload: { credential: tampered } })).json().valid).toBe(false);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/verify', payload: 'not a badge', headers: { 'content-type': 'text/plain' } })).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'POST', url: '/vc/credentials/verify', payload: { verifiableCredential: ob3 } })).statusCode).toBe(200);
    await ctx.app.inject({ method: 'GET', url: `/credentials/${id}` });
    await ctx.app.inject({ method: 'GET', url: `/no/such/${secretEmail}` });
    await ctx.app.inject({ method: 'GET', url: `/api/v1/claims/clm_${'s'.repeat(30)}` });

    const after = await scrape(ctx.app);
    expect(sample(after, 'laurel_credentials_issued_total{channel="api",outcome="issued"}')).toBe(issuedBefore + 1);
    expect(sample(after, 'laurel_credentials_issued_total{channel="api",outcome="replayed"}')).toBe(1);
    expect(sample(after, 'laurel_credentials_issued_total{channel="api",outcome="refused"}')).toBe(1);
    expect(sample(after, 'laurel_credentials_verified_total{channel="api",outcome="valid"}')).toBe(1);
    expect(sample(after, 'laurel_credentials_verified_total{channel="api",outcome="invalid"}')).toBe(1);
    expect(sample(after, 'laurel_credentials_verified_total{channel="api",outcome="unreadable"}')).toBe(1);
    expect(sample(after, 'laurel_credentials_verified_total{channel="vc-api",outcome="valid"}')).toBe(1);
    // Latency by the route's pattern: the id, the e-mail and the token never become a label.
    expect(sample(after, 'laurel_http_request_duration_seconds_count{method="GET",route="/credentials/:id([A-Za-z0-9_-]{16,100})",status_code="200"}')).toBe(1);
    expect(sample(after, 'laurel_http_request_duration_seconds_count{method="POST",route="/api/v1/credentials",status_code="201"}')).toBe(2);
    expect(sample(after, 'laurel_http_request_duration_seconds_count{method="GET",route="(unmatched)",status_code="404"}')).toBeGreaterThanOrEqual(1);
    expect(after).toContain('route="/api/v1/claims/:token"');
    for (const secret of [id, secretEmail, apiKey, 'sssssssss', 'award-once', TOKEN]) expect(after).not.toContain(secret);
    // The award's e-mail job waits in the shared jobs table (no runner here), and has waited for a while.
    expect(sample(after, 'laurel_jobs{name="credential.issued",status="queued"}')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'laurel_jobs{name="credential.issued",status="failed"}')).toBe(0);
    expect(sample(after, 'laurel_job_queue_lag_seconds')).toBeGreaterThanOrEqual(0);
    // Process metrics, and the PostgreSQL pool where there is one.
    expect(after).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(after).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    if (engine === 'postgres') {
      expect(sample(after, 'laurel_db_pool_connections{state="max"}')).toBe(4);
      expect(sample(after, 'laurel_db_pool_connections{state="idle"}')).toBeGreaterThanOrEqual(1);
    } else expect(after).not.toContain('laurel_db_pool_connections');
  });

  it('echoes a sane X-Request-Id, replaces anything else, and logs each request under its id without secrets', async () => {
    const given = 'req-' + randomBytes(8).toString('hex');
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/issuers?q=x', headers: { 'x-request-id': given, authorization: `Bearer ${apiKey}`, cookie: 'laurel_session=sekrit-cookie' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toBe(given);
    const logged = ctx.logs().filter((l) => l.reqId === given);
    expect(logged.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
    expect(logged[0]).toMatchObject({ req: { method: 'GET', path: '/api/v1/issuers', requestId: given } });

    for (const hostile of ['short', 'a'.repeat(101), 'id with spaces', 'line\u2028break-id', '{"json":"inject"}']) {
      const answer = await ctx.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': hostile } });
      expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(ctx.rawLogs()).not.toContain(hostile);
    }
    // A problem answer carries the same id, so a user's report finds the log lines.
    const problem = await ctx.app.inject({ method: 'GET', url: '/api/v1/credentials/nope', headers: { authorization: `Bearer ${apiKey}`, 'x-request-id': `${given}-2` } });
    expect(problem.json().requestId).toBe(`${given}-2`);
    const raw = ctx.rawLogs();
    for (const secret of [apiKey, 'sekrit-cookie', 'q=x']) expect(raw).not.toContain(secret);
  });

  it('/health answers while /ready checks the database, the migrations and Redis', async () => {
    for (const path of ['/health', '/healthz']) expect((await ctx.app.inject({ method: 'GET', url: path })).json()).toEqual({ status: 'ok' });
    for (const path of ['/ready', '/readyz']) {
      const ready = await ctx.app.inject({ method: 'GET', url: path });
      expect(ready.statusCode).toBe(200);
      expect(ready.headers['cache-control']).toBe('no-store');
      expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok', redis: 'not configured' } });
    }
  });

  it('/ready says 503 (and /health stays 200) once the database is gone', async () => {
    const doomed = await observedApp(engine);
    try {
      expect((await doomed.app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
      await doomed.storage.destroy();
      const gone = await doomed.app.inject({ method: 'GET', url: '/ready' });
      expect(gone.statusCode).toBe(503);
      expect(gone.json()).toMatchObject({ status: 'unavailable', checks: { database: 'unreachable' } });
      expect(gone.body).not.toMatch(/destroyed|ECONN|127\.0\.0\.1|laurel\.db/);
      expect((await doomed.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      expect(doomed.logs().some((l) => l.msg === 'not ready' && l.check === 'database')).toBe(true);
    } finally {
      await doomed.close();
    }
  });
});

describe('readiness against real dependencies', () => {
  it('is not ready while a migration is pending (a pod started before the migrations job finished)', async () => {
    const pgUrl = inject('pgUrl');
    const schema = `laurel_t_${randomBytes(6).toString('hex')}`;
    const storage = openStorage({ databaseUrl: pgUrl, pgSchema: schema, poolSize: 2 });
    await ensureSchema(storage, schema);
    try {
      const probe = readinessProbe({ storage });
      expect(await probe()).toMatchObject({ ready: false, checks: { database: 'ok', migrations: 'pending' } });
      const { migrateStorage } = await import('../../src/adapters/storage/db.js');
      await migrateStorage(storage);
      expect(await probe()).toMatchObject({ ready: true, checks: { database: 'ok', migrations: 'ok' } });
    } finally {
      await dropTestSchema(storage.db, schema);
      await storage.destroy();
    }
  });

  it('is not ready when Redis is configured but down, and ready when it answers', async () => {
    const storage = openStorage({ sqliteFile: ':memory:' });
    const { migrateToLatest } = await import('../../src/adapters/storage/db.js');
    await migrateToLatest(storage.db);
    // A port nothing listens on, with the client settings compose.ts uses.
    const { freePort } = await import('../support/process.js');
    const down = new Redis(`redis://127.0.0.1:${await freePort()}`, { connectTimeout: 300, maxRetriesPerRequest: 1, lazyConnect: false });
    down.on('error', () => undefined);
    try {
      const deps = { readiness: readinessProbe({ storage, redis: down, timeoutMs: 1000 }), http: { bodyLimitBytes: 1024, secureCookies: false, trustProxy: false, logLevel: 'silent' } } satisfies Pick<HttpDeps, 'readiness' | 'http'>;
      const app = await buildOpsApp(deps, { logger: false });
      const res = await app.inject({ method: 'GET', url: '/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'unavailable', checks: { database: 'ok', migrations: 'ok', redis: 'unreachable' } });
      await app.close();

      const redisUrl = inject('redisUrl');
      if (redisUrl) {
        const up = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
        try {
          expect(await readinessProbe({ storage, redis: up })()).toMatchObject({ ready: true, checks: { redis: 'ok' } });
        } finally {
          up.disconnect();
        }
      }
    } finally {
      down.disconnect();
      await storage.destroy();
    }
  });

  it('the separate metrics listener serves /metrics openly unless a token is set, and nothing of the API', async () => {
    const storage = openStorage({ sqliteFile: ':memory:' });
    const metrics = createMetrics({ processMetrics: false });
    const http = { bodyLimitBytes: 1024, secureCookies: false, trustProxy: false, logLevel: 'silent' };
    const open = await buildOpsApp({ readiness: readinessProbe({ storage }), metrics, http }, { logger: false, port: 'internal' });
    const guarded = await buildOpsApp({ readiness: readinessProbe({ storage }), metrics, http: { ...http, metricsToken: TOKEN } }, { logger: false, port: 'internal' });
    // A worker's own PORT follows the main port's rule: no token, no /metrics.
    const workerPort = await buildOpsApp({ readiness: readinessProbe({ storage }), metrics, http }, { logger: false, port: 'main' });
    try {
      expect((await workerPort.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
      expect((await workerPort.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      expect((await open.inject({ method: 'GET', url: '/metrics' })).body).toContain('laurel_credentials_issued_total');
      expect((await open.inject({ method: 'GET', url: '/api/v1/issuers' })).statusCode).toBe(404);
      expect((await guarded.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
      expect((await guarded.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(200);
    } finally {
      await open.close();
      await guarded.close();
      await workerPort.close();
      await storage.destroy();
    }
  });
});
