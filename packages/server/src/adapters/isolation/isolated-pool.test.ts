import { afterEach, describe, expect, it } from 'vitest';
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
    expect(p.stats()).toEqual({ running: 1, queued: 0, runners: 1 });
    await p.close();
    expect(await running).toBe('closed');
    expect(p.stats().runners).toBe(0);
    expect(await failure(p.run(task('echo'), [2]))).toBe('closed');
  });
});
