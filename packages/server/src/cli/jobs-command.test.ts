import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ENGINES, TEST_MASTER_KEY, createTestApp, type TestContext } from '../../test/support/test-app.js';
import { createJobRunner } from '../adapters/jobs/job-runner.js';
import { aesGcmVault } from '../adapters/keys/key-vault.js';
import { localKms } from '../adapters/keys/kms.js';
import { personalDataKeys } from '../adapters/storage/personal-data.js';
import { listJobFailures } from '../adapters/storage/repos/jobs.repo.js';
import { loadConfig } from '../config.js';
import { runJobsCommand } from './jobs-command.js';

const REFUSAL = '550 5.1.1 <ada.lovelace@example.org>: unknown user';

/** A job whose handler fails the way a refused delivery does; returns its id. */
async function failOnce(ctx: TestContext, maxAttempts: number): Promise<string> {
  const id = await ctx.deps.store.jobs.enqueue({ name: 'test.refused', payload: {}, maxAttempts });
  const runner = createJobRunner({ queue: ctx.deps.store.jobs, clock: ctx.deps.clock, handlers: [{ name: 'test.refused', version: 1, handle: async () => Promise.reject(new Error(REFUSAL)) }] });
  await runner.runOnce();
  return id;
}

describe.each(ENGINES)('job failures for the operator: sealed at rest, opened when listed (%s)', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(engine);
  });
  afterAll(async () => ctx?.close());

  it('lists failed and retrying jobs, newest first, with their errors in the clear', async () => {
    const gaveUp = await failOnce(ctx, 1);
    const retrying = await failOnce(ctx, 5);
    const raw = await ctx.storage.db.selectFrom('jobs').select(['id', 'last_error']).where('id', 'in', [gaveUp, retrying]).execute();
    for (const r of raw) expect(r.last_error).toMatch(/^pd1\./);
    const failures = await listJobFailures(ctx.storage.db, personalDataKeys(ctx.storage.db, localKms(aesGcmVault(TEST_MASTER_KEY))), 10);
    expect(failures.map((f) => [f.id, f.status, f.lastError]).sort()).toEqual(
      [
        [gaveUp, 'failed', REFUSAL],
        [retrying, 'queued', REFUSAL],
      ].sort(),
    );
    expect(await listJobFailures(ctx.storage.db, personalDataKeys(ctx.storage.db, localKms(aesGcmVault(TEST_MASTER_KEY))), 1)).toHaveLength(1);
  });
});

describe('laurel jobs failed (sqlite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'laurel-jobs-cli-'));
  const config = loadConfig({ LAUREL_DATA_DIR: dir, LAUREL_MASTER_KEY: TEST_MASTER_KEY.toString('hex') }, dir);
  let ctx: TestContext;
  const output: string[] = [];
  beforeAll(async () => {
    ctx = await createTestApp('sqlite', { sqliteFile: config.sqliteFile });
    vi.spyOn(console, 'log').mockImplementation((m: unknown) => void output.push(String(m)));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await ctx?.close();
  });

  it('prints the errors opened; refuses bad arguments', async () => {
    const id = await failOnce(ctx, 1);
    expect(await runJobsCommand(['failed', '--limit', '5'], config)).toBe(0);
    expect(JSON.parse(output.pop()!)).toMatchObject([{ id, name: 'test.refused', status: 'failed', lastError: REFUSAL }]);
    expect(await runJobsCommand(['failed', '--limit', '0'], config)).toBe(2);
    expect(await runJobsCommand(['failed', '--limit', '1e9'], config)).toBe(2);
    expect(await runJobsCommand(['retry'], config)).toBe(2);
  });
});
