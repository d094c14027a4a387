import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createIsolatedPool, IsolationError, type IsolatedPool, type IsolationLimits } from './isolated-pool.js';
import { taskModule } from './messages.js';
import { CAN_CAP_PROCESS_MEMORY, type RunnerKind } from './spawn.js';

const fixture = taskModule(import.meta.url, 'isolated-pool.fixture');
const task = (fn: string) => ({ module: fixture, fn });
const LIMITS: IsolationLimits = { workers: 2, timeoutMs: 10_000, queueTimeoutMs: 20_000, heapMb: 64 };
const pools: IsolatedPool[] = [];
const pool = (kind: RunnerKind, limits: Partial<IsolationLimits> = {}) => {
  const p = createIsolatedPool(kind, { ...LIMITS, ...limits });
  pools.push(p);
  return p;
};
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => 'answered',
    (e: unknown) => (e instanceof IsolationError ? e.failure : `unexpected ${String(e)}`),
  );

const dir = mkdtempSync(join(tmpdir(), 'laurel-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
/** A file the `mark` task writes a line to, and how many lines it has: the tasks that really ran. */
const tally = () => {
  const file = join(dir, `marks-${files++}`);
  return { file, ran: () => readFileSync(file, { encoding: 'utf8', flag: 'a+' }).split('\n').length - 1 };
};

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe.each(['thread', 'process'] as const)('isolated pool (%s)', (kind) => {
  it('runs a module function and answers its value; a throw is a failure', async () => {
    const p = pool(kind);
    expect(await p.run(task('echo'), [{ a: [1, 2], bytes: Uint8Array.of(1, 2, 3) }])).toEqual({ a: [1, 2], bytes: Uint8Array.of(1, 2, 3) });
    expect(await failure(p.run(task('fail'), []))).toBe('failed');
    expect(await p.run(task('echo'), ['again'])).toBe('again');
  });

  it('terminates a task past its deadline, and the next task gets a fresh runner', async () => {
    const p = pool(kind, { workers: 1, timeoutMs: 300 });
    await p.run(task('echo'), [0]); // the runner is up: the deadline is the task's alone
    expect(await failure(p.run(task('spin'), []))).toBe('timeout');
    expect(await p.run(task('echo'), ['alive'])).toBe('alive');
  });

  it('stops a heap blow-up at the heap limit; this process is unaffected', async () => {
    const p = pool(kind, { heapMb: 32 });
    const before = process.memoryUsage().heapUsed;
    expect(await failure(p.run(task('hog'), []))).toBe('memory');
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(32 * 1024 * 1024);
    expect(await p.run(task('echo'), ['alive'])).toBe('alive');
  });

  it.runIf(kind === 'process' && CAN_CAP_PROCESS_MEMORY)('stops native memory blow-ups too, at the process memory limit', async () => {
    const p = pool(kind, { memoryMb: 512 });
    expect(await failure(p.run(task('nativeHog'), []))).toBe('memory');
  });

  it('bounds concurrency: a task waits for a runner only so long; close fails what runs and stops every runner', async () => {
    const p = pool(kind, { workers: 1, queueTimeoutMs: 300 });
    await p.run(task('echo'), [0], { queueTimeoutMs: 20_000 }); // started: only the wait for a busy runner is timed
    const running = failure(p.run(task('spin'), []));
    expect(await failure(p.run(task('echo'), [1]))).toBe('busy');
    expect(p.stats()).toMatchObject({ running: 1, queued: 0, runners: 1 });
    await p.close();
    expect(await running).toBe('closed');
    expect(p.stats().runners).toBe(0);
    expect(await failure(p.run(task('echo'), [2]))).toBe('closed');
  });

  it('a withdrawn task that waits never runs; a withdrawn task that runs is stopped, and the pool serves the next', async () => {
    const p = pool(kind, { workers: 1 });
    const marks = tally();
    await p.run(task('echo'), [0]); // the runner is up: the next task is handed to it at once
    const runningCaller = new AbortController();
    const running = failure(p.run(task('spin'), [], { signal: runningCaller.signal }));
    expect(p.stats()).toMatchObject({ running: 1, started: 2 });
    const waitingCaller = new AbortController();
    const waiting = failure(p.run(task('mark'), [marks.file], { signal: waitingCaller.signal }));
    expect(p.stats().queued).toBe(1);

    waitingCaller.abort();
    expect(await waiting).toBe('aborted');
    expect(p.stats()).toMatchObject({ queued: 0, running: 1 });
    runningCaller.abort();
    expect(await running).toBe('aborted');
    expect(p.stats().running).toBe(0);

    // `spin` never ends: only a terminated runner lets this one answer (else it would be 'busy').
    expect(await p.run(task('mark'), [marks.file])).toBe('marked');
    expect(marks.ran()).toBe(1);
    expect(p.stats().started).toBe(3);
    // A signal already aborted is refused before it queues; one that aborts after the answer changes nothing.
    expect(await failure(p.run(task('mark'), [marks.file], { signal: AbortSignal.abort() }))).toBe('aborted');
    const late = new AbortController();
    expect(await p.run(task('echo'), ['kept'], { signal: late.signal })).toBe('kept');
    late.abort();
    expect(await p.run(task('mark'), [marks.file])).toBe('marked');
    expect(marks.ran()).toBe(2);
  });

  it('a flood of withdrawn tasks does not starve the one still wanted', async () => {
    const p = pool(kind, { workers: 2 });
    const marks = tally();
    const callers = Array.from({ length: 20 }, () => new AbortController());
    const flood = callers.map((c) => failure(p.run(task('spin'), [], { signal: c.signal })));
    const wanted = p.run(task('mark'), [marks.file]);
    for (const c of callers) c.abort();
    expect(new Set(await Promise.all(flood))).toEqual(new Set(['aborted']));
    expect(await wanted).toBe('marked');
    expect(marks.ran()).toBe(1);
    // Withdrawn while the runners were still starting: none of the spins was ever handed to one.
    expect(p.stats().started).toBe(1);
  });
});
