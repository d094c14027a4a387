/**
 * Issue 18: one bulk CSV of 100,000 rows (a MOOC's certificates) through the API, and what an attacker can send
 * instead: one row too many, a body over the bulk limit, a huge field, an unclosed quote, a 16 MB single line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERASED } from '../../src/domain/privacy/erase-recipient.js';
import { MAX_BULK_ROWS } from '../../src/domain/bulk/parse-bulk-csv.js';
import { BULK_PART_JOB, runBulkImport } from '../../src/domain/bulk/run-bulk-import.js';
import { ENGINES, createTestApp, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

const HEADER = 'Name,Email,Evidence URL,Narrative,Issued Date';
/** Rows as a course platform exports them (about 150 bytes each). */
const rowsOf = (from: number, count: number) =>
  Array.from({ length: count }, (_, n) => `Learner Number ${from + n},learner.${from + n}@mooc.example,https://mooc.example/evidence/${from + n},"Completed all 12 modules, grade ${n % 100}/100",2026-06-30`);
const csvOf = (count: number) => [HEADER, ...rowsOf(1, count)].join('\n');

describe.each(ENGINES)('a bulk CSV of 100,000 rows (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let apiKey: string;
  let achievementId: string;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    ({ api, apiKey, achievementId } = await organisationWithAchievement(ctx.app));
  });
  afterAll(async () => ctx?.close());

  const postCsv = (csv: string, query = '') =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/achievements/${achievementId}/bulk${query}`, headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/csv' }, payload: csv });

  it('is previewed and accepted in one upload, split into parts that read their rows once, its progress read a page at a time', async () => {
    const csv = csvOf(MAX_BULK_ROWS);
    expect(MAX_BULK_ROWS).toBe(100_000);
    expect(Buffer.byteLength(csv)).toBeGreaterThan(10 * 1_048_576); // far over the app's general body limit (64 KiB here)

    const preview = await postCsv(csv, '?dryRun=true');
    expect(preview.statusCode, preview.body.slice(0, 300)).toBe(200);
    // Past 10,000 rows the preview lists only the rows with something to say (none here).
    expect(preview.json()).toMatchObject({ total: 100_000, valid: 100_000, invalid: 0, rowsListed: 'issues', rowsOmitted: 100_000, rows: [] });

    const started = await postCsv(csv);
    expect(started.statusCode, started.body.slice(0, 300)).toBe(202);
    const id = started.json().import.id;
    expect(started.json().import).toMatchObject({ status: 'queued', total: 100_000, processed: 0, results: [], nextAfterRow: null });

    // The import's job splits it into 100 parts of 1,000 rows (nothing awarded here).
    expect(await runBulkImport(ctx.deps, { importId: id, role: 'owner' })).toMatchObject({ parts: 100 });
    const parts = await ctx.storage.db.selectFrom('jobs').select('id').where('name', '=', BULK_PART_JOB).execute();
    expect(parts).toHaveLength(100);

    // Every part of this process reads the same opened rows, until they are sealed again (an erasure).
    const first = await ctx.deps.store.bulkImports.findRowsForJob(id);
    const second = await ctx.deps.store.bulkImports.findRowsForJob(id);
    expect(first!.rows).toHaveLength(100_000);
    expect(second!.rows).toBe(first!.rows);
    const orgId = first!.orgId;
    await ctx.deps.store.transaction((tx) => tx.privacy.eraseRecipientData([{ id: 'no-credential', orgId, recipientType: 'email', recipientIdentity: 'learner.7@mooc.example' }], ERASED));
    const erased = await ctx.deps.store.bulkImports.findRowsForJob(id);
    expect(erased!.rows).not.toBe(first!.rows);
    expect(erased!.rows.find((r) => r.row === 8)).toMatchObject({ email: ERASED, name: null });
    expect(erased!.rows.find((r) => r.row === 9)?.email).toBe('learner.8@mooc.example');

    const progress = await api.get(`/api/v1/bulk-imports/${id}`);
    expect(progress.statusCode).toBe(200);
    expect(progress.json()).toMatchObject({ id, status: 'queued', total: 100_000, processed: 0, results: [], nextAfterRow: null });
    // 100,000 rows previewed, sealed, stored and split: ~20 s alone on PostgreSQL, more beside a loaded suite.
  }, 90_000);

  it('refuses a row too many, whole, with a problem that says the cap', async () => {
    const res = await postCsv(csvOf(MAX_BULK_ROWS + 1), '?dryRun=true');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ type: expect.stringMatching(/validation$/), detail: expect.stringContaining('at most 100000 rows') });
  });

  it('refuses a body over the bulk limit with 413, as text/csv and as JSON', async () => {
    const over = `${HEADER}\n${'x'.repeat(16 * 1_048_576)}`;
    for (const res of [await postCsv(over), await api.post(`/api/v1/achievements/${achievementId}/bulk`, { csv: over })]) {
      expect(res.statusCode).toBe(413);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().type).toMatch(/payload-too-large$/);
    }
  });

  it('refuses a pathological CSV with a problem: one huge field, an unclosed quote, a 16 MB single line', async () => {
    const cases = {
      hugeField: `${HEADER}\nA,a@example.org,,"${'y'.repeat(100_000)}",`,
      unclosedQuote: `${HEADER}\n"Never closed,a@example.org,,,\n${rowsOf(2, 5000).join('\n')}`,
      singleLine: `email,${'z'.repeat(16 * 1_048_576 - 100)}`,
    };
    for (const [name, csv] of Object.entries(cases)) {
      expect(Buffer.byteLength(csv), name).toBeLessThan(16 * 1_048_576);
      const res = await postCsv(csv, '?dryRun=true');
      expect(res.statusCode, `${name}: ${res.body.slice(0, 200)}`).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json(), name).toMatchObject({ type: expect.stringMatching(/validation$/), detail: expect.stringMatching(/could not be read/) });
      expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
    }
  });

  it('reads the results a page at a time, by row', async () => {
    const csv = [HEADER, ...rowsOf(1, 5), ...Array.from({ length: 25 }, (_, n) => `Broken ${n},not-an-email-${n},,,`)].join('\n');
    const id = (await postCsv(csv)).json().import.id;
    const page1 = (await api.get(`/api/v1/bulk-imports/${id}?limit=10`)).json();
    expect(page1.results.map((r: { row: number }) => r.row)).toEqual(Array.from({ length: 10 }, (_, n) => n + 7));
    expect(page1.nextAfterRow).toBe(16);
    const page3 = (await api.get(`/api/v1/bulk-imports/${id}?afterRow=26&limit=10`)).json();
    expect(page3.results.map((r: { row: number }) => r.row)).toEqual([27, 28, 29, 30, 31]);
    expect(page3.nextAfterRow).toBeNull();
    expect((await api.get(`/api/v1/bulk-imports/${id}?limit=0`)).statusCode).toBe(400);
    expect((await api.get(`/api/v1/bulk-imports/${id}?limit=10001`)).statusCode).toBe(400);
    const listed = (await api.get('/api/v1/bulk-imports')).json().items.find((b: { id: string }) => b.id === id);
    expect(listed.results).toHaveLength(25);
    expect(listed.nextAfterRow).toBeNull();
    const report = (await api.get(`/api/v1/bulk-imports/${id}/report.csv`)).body.trim().split('\n');
    expect(report).toHaveLength(26);
  });
});
