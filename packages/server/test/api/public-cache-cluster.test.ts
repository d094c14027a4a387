import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { INVALIDATION_CHANNEL, shareInvalidations } from '../../src/adapters/cache/redis-invalidation.js';
import { buildApp } from '../../src/adapters/http/app.js';
import type { HttpDeps } from '../../src/adapters/http/http-deps.js';
import { aesGcmVault } from '../../src/adapters/keys/key-vault.js';
import { localKms } from '../../src/adapters/keys/kms.js';
import { createMailer } from '../../src/adapters/mail/mailer.js';
import { ensureSchema, migrateToLatest, openStorage, type Storage } from '../../src/adapters/storage/db.js';
import { assembleDeps } from '../../src/compose.js';
import { BASE_URL, TEST_MASTER_KEY, apiClient, dropTestSchema, minimalAchievement, minimalCredential, minimalIssuer, setupOrganisation } from '../support/test-app.js';

const redisUrl = inject('redisUrl');

/** The documented bound (docs/performance.md): another instance shows a change within a second (pub/sub takes milliseconds). */
const CLUSTER_STALENESS_MS = 1000;

interface Instance {
  app: FastifyInstance;
  deps: HttpDeps;
  storage: Storage;
  redis: Redis;
  close(): Promise<void>;
}

/** Two Laurel instances on one PostgreSQL schema and one Redis, each with its own cache (five minutes of life: only news can refresh them). */
describe.skipIf(!redisUrl)('public cache across instances: PostgreSQL + Redis (postgres)', () => {
  const schema = `laurel_t_${randomBytes(6).toString('hex')}`;
  const instances: Instance[] = [];
  let credentialId: string;
  let api: ReturnType<typeof apiClient>;

  const start = async (): Promise<Instance> => {
    const storage = openStorage({ databaseUrl: inject('pgUrl'), pgSchema: schema, poolSize: 4 });
    const deps = assembleDeps({
      storage,
      baseUrl: BASE_URL,
      vault: aesGcmVault(TEST_MASTER_KEY),
      sessionTtlSeconds: 3600,
      mailer: createMailer({ outboxDir: mkdtempSync(join(tmpdir(), 'laurel-outbox-')), from: 'Laurel <test@laurel.test>' }).mailer,
      http: { bodyLimitBytes: 64 * 1024, secureCookies: false, trustProxy: false, logLevel: 'silent' },
      publicCacheTtlMs: 300_000,
    });
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    const shared = await shareInvalidations(deps.publicCache, redis);
    const app = await buildApp(deps, { logger: false });
    return {
      app,
      deps,
      storage,
      redis,
      close: async () => {
        await app.close();
        await shared.close();
        redis.disconnect();
        await deps.untrusted.close();
        await storage.destroy();
      },
    };
  };

  beforeAll(async () => {
    const first = openStorage({ databaseUrl: inject('pgUrl'), pgSchema: schema, poolSize: 2 });
    await ensureSchema(first, schema);
    await migrateToLatest(first.db, { schema, kms: localKms(aesGcmVault(TEST_MASTER_KEY)) });
    await first.destroy();
    instances.push(await start(), await start());
    api = apiClient(instances[0]!.app, (await setupOrganisation(instances[0]!.app)).apiKey);
    const issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    const achievementId = (await api.post('/api/v1/achievements', minimalAchievement(issuerId))).json().id;
    credentialId = (await api.post('/api/v1/credentials', minimalCredential(achievementId))).json().id;
  });
  afterAll(async () => {
    for (const i of instances) await i.close();
    const admin = openStorage({ databaseUrl: inject('pgUrl'), poolSize: 1 });
    await dropTestSchema(admin.db, schema);
    await admin.destroy();
  });

  const get = (i: Instance, url: string) => i.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
  /** Polls `check` on the other instance until it holds; the time it took. */
  const within = async (check: () => Promise<boolean>, boundMs: number): Promise<number> => {
    const started = performance.now();
    while (!(await check())) {
      if (performance.now() - started > boundMs) throw new Error(`not seen within ${boundMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return performance.now() - started;
  };

  it('a revocation on one instance shows on the other within the documented bound, page and status list', async () => {
    const [a, b] = instances as [Instance, Instance];
    const page = `/credentials/${credentialId}`;
    const listPath = new URL((await get(b, `/ob3/credentials/${credentialId}`)).json().credentialStatus.statusListCredential).pathname;
    expect((await get(b, page)).body).toContain('class="status status-active"');
    const listBefore = (await get(b, listPath)).body;
    const hits = b.deps.publicCache.stats().hits;
    expect((await get(b, page)).body).toContain('class="status status-active"');
    expect((await get(b, listPath)).body).toBe(listBefore);
    expect(b.deps.publicCache.stats().hits).toBe(hits + 2);

    const revoked = await api.post(`/api/v1/credentials/${credentialId}/revoke`, { reason: 'Issued in error' });
    expect(revoked.statusCode).toBe(200);
    // Same instance: at once.
    expect((await get(a, page)).body).toContain('class="status status-revoked"');
    // The other: as soon as the news arrives (its cache would otherwise keep the page five minutes).
    const tookMs = await within(async () => (await get(b, page)).body.includes('class="status status-revoked"'), CLUSTER_STALENESS_MS);
    expect(tookMs).toBeLessThan(CLUSTER_STALENESS_MS);
    await within(async () => (await get(b, listPath)).body !== listBefore, CLUSTER_STALENESS_MS);
  });

  it("ignores what is not a well-formed change on the channel, and its own instance's news", async () => {
    const [, b] = instances as [Instance, Instance];
    const page = `/credentials/${credentialId}`;
    await get(b, page);
    const publisher = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    try {
      for (const message of ['not json', '{"change":{"kind":"credential","id":5}}', '{"change":{"kind":"everything"}}', 'null']) await publisher.publish(INVALIDATION_CHANNEL, message);
      // A well-formed change last: once it is seen, the ones before it were handled (in order) without harm.
      const epoch = b.deps.publicCache.epoch;
      await publisher.publish(INVALIDATION_CHANNEL, JSON.stringify({ from: 'elsewhere', change: { kind: 'credential', id: 'another-credential-id' } }));
      await within(async () => b.deps.publicCache.epoch > epoch, CLUSTER_STALENESS_MS);
      const hits = b.deps.publicCache.stats().hits;
      expect((await get(b, page)).statusCode).toBe(200);
      expect(b.deps.publicCache.stats().hits).toBe(hits + 1);
    } finally {
      publisher.disconnect();
    }
  });
});
