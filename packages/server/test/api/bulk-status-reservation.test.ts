/**
 * The status-index reservation of one process (issue 18): an import's parts side by side, three chunks each, in a
 * crowded status list draw around each other's uncommitted indexes. Without it they clash (the unique index refuses
 * a draw, the chunk is redone, and after five clashes its part fails): here no clash happens at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusIndexTaken } from '../../src/domain/credentials/ports.js';
import { reservations } from '../../src/domain/bulk/award-chunk.js';
import { runBulkPart } from '../../src/domain/bulk/run-bulk-import.js';
import type { Repositories } from '../../src/domain/shared/store.js';
import { ENGINES, apiClient, createTestApp, minimalAchievement, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

const PARTS = 4;
const ROWS_PER_PART = 30;
const ROWS = PARTS * ROWS_PER_PART;
/** The draws land in the first RANGE indexes only: 12 chunks of 5 in flight in 300 slots clash almost surely. */
const RANGE = 300;

const csvOf = (count: number) => ['name,email', ...Array.from({ length: count }, (_, i) => `Learner ${i},reserve${i}@example.org`)].join('\n');

describe.each(ENGINES)('bulk status-index reservation (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let issuerId: string;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
  });
  afterAll(async () => ctx?.close());

  it(`${PARTS} parts at once, 3 chunks each, in a crowded list: every award its own index, no clash, no part fails`, async () => {
    const achievementId = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: 'Crowded list' })).json().id as string;
    const res = await api.post(`/api/v1/achievements/${achievementId}/bulk`, { csv: csvOf(ROWS) });
    expect(res.statusCode, res.body).toBe(202);
    const importId = res.json().import.id as string;

    // Every clash the unique index catches, counted where the chunk's transaction stores its awards.
    let clashes = 0;
    let draws = 0;
    const deps = {
      ...ctx.deps,
      // A crowded list: the whole list's size is kept (the reservation's rule reads it), the draws fall in RANGE.
      random: { int: (max: number) => (draws++, ctx.deps.random.int(Math.min(max, RANGE))) },
      store: {
        ...ctx.deps.store,
        transaction: <T>(fn: (tx: Repositories) => Promise<T>) =>
          ctx.deps.store.transaction(async (tx) => {
            const insertIssuedMany: Repositories['bulkAwards']['insertIssuedMany'] = async (...a) => {
              try {
                return await tx.bulkAwards.insertIssuedMany(...a);
              } catch (error) {
                if (error instanceof StatusIndexTaken) clashes++;
                throw error;
              }
            };
            return fn({ ...tx, bulkAwards: { ...tx.bulkAwards, insertIssuedMany } });
          }),
      },
    };
    // Rows are numbered from 2; each part its range, all at once (a runner of four jobs at once).
    const parts = Array.from({ length: PARTS }, (_, k) =>
      runBulkPart(deps, { importId, role: 'owner', fromRow: 2 + k * ROWS_PER_PART, toRow: 1 + (k + 1) * ROWS_PER_PART, chunkRows: 5, chunksInFlight: 3 }),
    );
    const settled = await Promise.allSettled(parts);
    expect(settled.map((s) => s.status)).toEqual(Array(PARTS).fill('fulfilled'));
    expect(clashes).toBe(0);
    expect(draws).toBeGreaterThanOrEqual(ROWS);

    const rows = await ctx.storage.db.selectFrom('credentials').select('status_index').where('achievement_id', '=', achievementId).execute();
    expect(rows).toHaveLength(ROWS);
    const indexes = rows.map((r) => Number(r.status_index));
    expect(new Set(indexes).size).toBe(ROWS);
    expect(indexes.every((i) => i >= 0 && i < RANGE)).toBe(true);
    const done = (await api.get(`/api/v1/bulk-imports/${importId}`)).json();
    expect(done).toMatchObject({ status: 'done', total: ROWS, processed: ROWS, failed: 0 });
    // Nothing stays held once the chunks committed.
    expect(reservations.heldCount(issuerId)).toBe(0);
  });
});
