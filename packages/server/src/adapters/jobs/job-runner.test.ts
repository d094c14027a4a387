import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobInterrupted, type JobHandler } from '../../domain/shared/job-handler.js';
import { ENGINES, createTestApp, type TestContext } from '../../../test/support/test-app.js';
import { createJobRunner } from './job-runner.js';

/** Resolves when `n` callers have arrived: proves that many handlers run at the same time (else it never does). */
function barrier(n: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return async () => {
    if (++arrived === n) open();
    await opened;
  };
}

const until = async (what: () => Promise<boolean>): Promise<void> => {
  for (let i = 0; i < 600 && !(await what()); i++) await new Promise((r) => setTimeout(r, 25));
};

describe.each(ENGINES)('the job runner (%s)', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(engine);
  });
  afterAll(async () => {
    await ctx.close();
  });
  const statusOf = async (id: string) => (await ctx.deps.store.jobs.get(id))?.status;

  it('runs up to `concurrency` jobs at once and claims no more than it can run', async () => {
    const together = barrier(3);
    const ran: string[] = [];
    let now = 0;
    let most = 0;
    const handler: JobHandler = {
      name: 'test.together',
      version: 1,
      handle: async (payload) => {
        most = Math.max(most, ++now);
        await together();
        await new Promise((r) => setTimeout(r, 10));
        now--;
        ran.push(String(payload.n));
      },
    };
    const ids = await Promise.all([1, 2, 3, 4].map((n) => ctx.deps.store.jobs.enqueue({ name: 'test.together', payload: { n } })));
    const runner = createJobRunner({ queue: ctx.deps.store.jobs, handlers: [handler], clock: ctx.deps.clock, concurrency: 3, pollMs: 20 });
    runner.start();
    // Three meet at the barrier (a one-at-a-time runner would wait there forever); never a fourth beside them.
    await until(async () => (await Promise.all(ids.map(statusOf))).every((s) => s === 'done'));
    await runner.stop();
    expect(await Promise.all(ids.map(statusOf))).toEqual(['done', 'done', 'done', 'done']);
    expect(ran).toHaveLength(4);
    expect(most).toBe(3);
  });

  it('stop() waits for the jobs under way, and gives back a job that stops early, its attempt uncounted and its place in the queue kept', async () => {
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    const handlers: JobHandler[] = [
      { name: 'test.short', version: 1, handle: async () => void (started++, await slow) },
      {
        name: 'test.long',
        version: 1,
        handle: async (_payload, context) => {
          started++;
          await new Promise<void>((resolve) => context.signal!.addEventListener('abort', () => resolve()));
          throw new JobInterrupted();
        },
      },
    ];
    const short = await ctx.deps.store.jobs.enqueue({ name: 'test.short', payload: {} });
    const long = await ctx.deps.store.jobs.enqueue({ name: 'test.long', payload: {} });
    const queuedAt = (await ctx.deps.store.jobs.get(long))!.runAt;
    const runner = createJobRunner({ queue: ctx.deps.store.jobs, handlers, clock: ctx.deps.clock, concurrency: 2, pollMs: 20 });
    runner.start();
    await until(async () => started === 2);
    let stopped = false;
    const stopping = runner.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false); // the short job is still running: stop() waits for it
    release();
    await stopping;
    expect(await statusOf(short)).toBe('done');
    const given = await ctx.deps.store.jobs.get(long);
    expect(given).toMatchObject({ status: 'queued', attempts: 0 });
    // Due at once and in its old place in the queue: not behind the jobs queued while it ran (a bulk part
    // given back would otherwise wait behind thousands of award e-mails).
    expect(given!.runAt).toBe(queuedAt);
  });
  it("logs a failed job without its error's words (they may quote an address), which stay readable in the job", async () => {
    const lines: string[] = [];
    const log = { info: (obj: object, msg: string) => void lines.push(JSON.stringify(obj) + msg), error: (obj: object, msg: string) => void lines.push(JSON.stringify(obj) + msg) };
    const handler: JobHandler = { name: 'test.refused', version: 1, handle: async () => { throw new Error('550 5.1.1 <ada.lovelace@example.org>: unknown user'); } };
    const id = await ctx.deps.store.jobs.enqueue({ name: 'test.refused', payload: {} });
    const runner = createJobRunner({ queue: ctx.deps.store.jobs, handlers: [handler], clock: ctx.deps.clock, log });
    await runner.runOnce();
    expect(lines.some((l) => l.includes('job failed') && l.includes(id))).toBe(true);
    expect(lines.join('\n')).not.toContain('ada.lovelace');
    expect((await ctx.deps.store.jobs.get(id))?.lastError).toContain('ada.lovelace@example.org');
  });
});
