/**
 * Issue 18: starting a large bulk import gives the event loop back while it works, and the work after it reads
 * nothing it does not need. Proved by structure, not by timing: the sealing of the rows and of the invalid rows'
 * results pauses between pieces (callbacks queued on the loop run before it is done), the rows are sealed before
 * the transaction, the invalid rows' results go to the results table (a progress read opens a page of them, never
 * all), and the import's job splits it into ranges of row numbers without opening its rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aesGcmVault } from '../../src/adapters/keys/key-vault.js';
import { localKms } from '../../src/adapters/keys/kms.js';
import { readKeys } from '../../src/adapters/storage/personal-data.js';
import { BULK_RESULT_EMAIL } from '../../src/adapters/storage/repos/bulk-awards.repo.js';
import { jsonPieces } from '../../src/adapters/storage/repos/bulk-imports.repo.js';
import { sealContext } from '../../src/adapters/storage/sealed-columns.js';
import { TEST_MASTER_KEY } from '../support/pg-template.js';
import type { BulkImport, BulkImportRepo, BulkRow } from '../../src/domain/bulk/ports.js';
import { BULK_PART_JOB, runBulkImport, runBulkPart } from '../../src/domain/bulk/run-bulk-import.js';
import { ENGINES, createTestApp, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

const rowOf = (row: number): BulkRow => ({ row, name: `Learner "${row}" \u{1F393}`, email: `learner${row}@example.org`, evidenceUrl: null, narrative: row % 7 ? null : 'line\nbreak, "quoted"', issuedOn: null });

describe('jsonPieces', () => {
  it('joined, is JSON.stringify of the rows whatever their number', () => {
    for (const count of [0, 1, 2, 5, 6, 11]) {
      const rows = Array.from({ length: count }, (_, i) => rowOf(i + 2));
      const pieces = [...jsonPieces(rows, 5)];
      expect(pieces.join('')).toBe(JSON.stringify(rows));
      if (count > 0) expect(pieces).toHaveLength(Math.ceil(count / 5) + 1);
    }
  });
});

describe.each(ENGINES)('starting a large bulk import (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let achievementId: string;
  let orgId: string;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    ({ api, organisationId: orgId, achievementId } = await organisationWithAchievement(ctx.app));
  });
  afterAll(async () => ctx?.close());

  const importOf = (id: string, valid: number, invalid: number): BulkImport => {
    const now = new Date().toISOString();
    const total = valid + invalid;
    return {
      id, orgId, achievementId, status: 'queued', total, processed: invalid, failed: invalid, createdBy: null, createdAt: now, updatedAt: now,
      // Every third row of the first 3 × `invalid` is invalid; the rest valid.
      rows: Array.from({ length: total }, (_, i) => rowOf(i + 2)).filter((r) => !(r.row % 3 === 0 && r.row / 3 <= invalid)),
      results: Array.from({ length: invalid }, (_, i) => ({ row: 3 * (i + 1), email: `bad ${i}`, status: 'invalid' as const, error: 'the e-mail address is not valid' })),
    };
  };

  it('seals the rows and the invalid rows’ results a piece at a time, the loop running between pieces', async () => {
    const b = importOf('pieces-import', 9000, 3000);
    let ran = 0;
    let stop = false;
    // A callback that queues itself again: it runs only when the loop is given back.
    const tick = () => {
      ran++;
      if (!stop) setImmediate(tick);
    };
    setImmediate(tick);
    const prepared = await ctx.deps.store.bulkImports.prepare(b);
    stop = true;
    // 12,000 rows: 5 pieces of rows (and the closing one), 2 of results: at least 7 pauses.
    expect(ran).toBeGreaterThanOrEqual(7);
    await ctx.deps.store.transaction((tx) => tx.bulkImports.insert(prepared));

    const found = await ctx.deps.store.bulkImports.findForJob(b.id);
    expect(found!.rows).toEqual(b.rows);
    expect(found!.results).toEqual(b.results);
    // The invalid rows' results are in the results table, sealed, not in the import's row.
    const inTable = await ctx.storage.db.selectFrom('bulk_import_results').select(['row', 'status', 'email', 'email_index']).where('import_id', '=', b.id).orderBy('row').execute();
    expect(inTable.map((r) => r.row)).toEqual(b.results.map((r) => r.row));
    const ring = (await readKeys(ctx.storage.db, localKms(aesGcmVault(TEST_MASTER_KEY))))!;
    expect(inTable.every((r) => r.status === 'invalid' && r.email.startsWith('pd1.') && r.email_index !== null)).toBe(true);
    expect(inTable.map((r) => ring.open(r.email, BULK_RESULT_EMAIL))).toEqual(b.results.map((r) => r.email));
    const sealed = await ctx.storage.db.selectFrom('bulk_imports').select(['rows', 'results']).where('id', '=', b.id).executeTakeFirstOrThrow();
    expect(sealed.rows).not.toContain('learner');
    expect(sealed.results.length).toBeLessThan(200);
    // A progress read: a page of results, by row, from the table.
    const page = await api.get(`/api/v1/bulk-imports/${b.id}?afterRow=3000&limit=5`);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ total: 12_000, processed: 3000, failed: 3000 });
    expect(page.json().results.map((r: { row: number }) => r.row)).toEqual([3003, 3006, 3009, 3012, 3015]);
    expect(page.json().results[0]).toMatchObject({ email: 'bad 1000', status: 'invalid' });
  });

  it('is split into ranges of row numbers without opening its rows; each part awards its range only', async () => {
    const b = importOf('split-import', 45, 5);
    await ctx.deps.store.transaction(async (tx) => tx.bulkImports.insert(await ctx.deps.store.bulkImports.prepare(b)));
    const opened: string[] = [];
    const watched: BulkImportRepo = {
      ...ctx.deps.store.bulkImports,
      findForJob: (id) => (opened.push('findForJob'), ctx.deps.store.bulkImports.findForJob(id)),
      findRowsForJob: (id) => (opened.push('findRowsForJob'), ctx.deps.store.bulkImports.findRowsForJob(id)),
    };
    const deps = { ...ctx.deps, store: { ...ctx.deps.store, bulkImports: watched } };
    expect(await runBulkImport(deps, { importId: b.id, role: 'owner', partRows: 20 })).toMatchObject({ parts: 3 });
    expect(opened).toEqual([]);
    const ring = (await readKeys(ctx.storage.db, localKms(aesGcmVault(TEST_MASTER_KEY))))!;
    const jobs = await ctx.storage.db.selectFrom('jobs').select('payload').where('name', '=', BULK_PART_JOB).execute();
    const ranges = jobs.map((j) => JSON.parse(ring.open(j.payload, sealContext('jobs', 'payload'))) as { importId: string; fromRow: number; toRow: number }).filter((p) => p.importId === b.id).sort((x, y) => x.fromRow - y.fromRow);
    expect(ranges.map((r) => [r.fromRow, r.toRow])).toEqual([[0, 21], [22, 41], [42, Number.MAX_SAFE_INTEGER]]);
    // Run once more (a retried job): split once only.
    expect(await runBulkImport(deps, { importId: b.id, role: 'owner', partRows: 20 })).toMatchObject({ parts: 0 });

    // A part awards the valid rows of its range, nothing else.
    const first = await runBulkPart(ctx.deps, { importId: b.id, role: 'owner', fromRow: 0, toRow: 21, chunkRows: 7 });
    const validInFirst = b.rows.filter((r) => r.row <= 21).length;
    expect(first).toEqual({ processed: validInFirst, failed: 0 });
    const awarded = await ctx.storage.db.selectFrom('bulk_import_results').select('row').where('import_id', '=', b.id).where('status', '=', 'issued').orderBy('row').execute();
    expect(awarded.map((r) => r.row)).toEqual(b.rows.filter((r) => r.row <= 21).map((r) => r.row));
    for (const r of ranges.slice(1)) await runBulkPart(ctx.deps, { importId: b.id, role: 'owner', fromRow: r.fromRow, toRow: r.toRow });
    expect((await api.get(`/api/v1/bulk-imports/${b.id}`)).json()).toMatchObject({ status: 'done', total: 50, processed: 50, failed: 5 });
  });
});
