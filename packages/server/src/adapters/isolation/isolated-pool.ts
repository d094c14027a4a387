import type { FromRunner, TaskRef, ToRunner } from './messages.js';
import { spawnRunner, type Runner, type RunnerKind } from './spawn.js';

export interface IsolationLimits {
  /** Runners at once (busy ones, ones starting, and ones terminated but not yet gone all count). */
  workers: number;
  /** Wall-clock time one task may run once a runner has it; then the runner is terminated. */
  timeoutMs: number;
  /** Wall-clock time a task may wait for a runner (starting one included). */
  queueTimeoutMs: number;
  /** V8 heap of one runner (old generation), in MiB. */
  heapMb: number;
  /** All memory of one child process (its data segment, native allocations included), in MiB, where the platform can cap it. */
  memoryMb?: number | undefined;
}

/**
 * Why an isolated task did not answer: it ran out of time or memory, its runner crashed, it threw,
 * no runner was free in time, the pool was closed (shutting down), or the caller withdrew it
 * (its signal aborted: the client that asked went away).
 */
export type IsolationFailure = 'timeout' | 'memory' | 'crashed' | 'failed' | 'busy' | 'closed' | 'aborted';

export interface RunOptions {
  /** Overrides the pool's wait for a runner, for this task. */
  queueTimeoutMs?: number | undefined;
  /**
   * Withdraws the task: still waiting, it is dropped and never runs; running, its runner is
   * terminated (a fresh one takes its place when work comes). Either way it rejects with 'aborted'.
   */
  signal?: AbortSignal | undefined;
}

export class IsolationError extends Error {
  constructor(
    readonly failure: IsolationFailure,
    message: string,
  ) {
    super(message);
    this.name = 'IsolationError';
  }
}

export interface IsolatedPool {
  readonly kind: RunnerKind;
  readonly limits: Readonly<IsolationLimits>;
  /**
   * Runs `task(...args)` in a runner; its value must be structured-cloneable. Rejects with
   * IsolationError.
   */
  run<T>(task: TaskRef, args: unknown[], options?: RunOptions): Promise<T>;
  /** Tasks running and waiting, runners alive, and tasks handed to a runner since the pool was made. */
  stats(): { running: number; queued: number; runners: number; started: number };
  /** Refuses new tasks, fails the waiting and running ones ('closed'), stops every runner; settles when all are gone. */
  close(): Promise<void>;
}

const withdrawn = (): IsolationError => new IsolationError('aborted', 'the work was withdrawn: nobody waits for it any more');

interface Job {
  id: number;
  message: ToRunner;
  resolve(value: unknown): void;
  reject(error: IsolationError): void;
  timer?: NodeJS.Timeout | undefined;
}

interface Slot {
  runner: Runner;
  state: 'starting' | 'idle' | 'busy' | 'stopping';
  job?: Job | undefined;
  gone: Promise<void>;
}

/**
 * Runs untrusted-input work (parsing, rendering) off the event loop, in a bounded set of worker
 * threads or child processes, each with a heap limit; a task past its deadline has its runner
 * terminated (not merely abandoned), and a terminated runner keeps its place until it has exited, so
 * work that cannot be interrupted at once still counts against the bound. Idle runners are kept
 * for the next task and do not keep the process alive.
 */
export function createIsolatedPool(kind: RunnerKind, limits: IsolationLimits, options: { preload?: string[] } = {}): IsolatedPool {
  if (!Number.isInteger(limits.workers) || limits.workers < 1) throw new RangeError('an isolated pool needs at least one worker');
  const slots = new Set<Slot>();
  const queue: Job[] = [];
  let nextId = 1;
  let started = 0;
  let closed = false;

  const stop = (slot: Slot): void => {
    if (slot.state === 'stopping') return;
    slot.state = 'stopping';
    slot.runner.kill();
  };

  const settle = (slot: Slot, reply: Extract<FromRunner, { id: number }>): void => {
    const job = slot.job;
    if (!job || job.id !== reply.id) return;
    clearTimeout(job.timer);
    slot.job = undefined;
    slot.state = 'idle';
    slot.runner.hold(false);
    if (reply.type === 'done') job.resolve(reply.value);
    else job.reject(new IsolationError('failed', `${reply.error.name}: ${reply.error.message}`));
    pump();
  };

  const start = (): Slot => {
    let exited!: () => void;
    const slot: Slot = { state: 'starting', gone: new Promise((ok) => (exited = ok)), runner: undefined as unknown as Runner };
    slot.runner = spawnRunner(kind, limits, options.preload ?? [], {
      message: (reply) => {
        if (reply.type === 'ready') {
          if (slot.state !== 'starting') return;
          slot.state = 'idle';
          slot.runner.hold(false);
          pump();
        } else settle(slot, reply);
      },
      exit: ({ cause, detail }) => {
        slots.delete(slot);
        const job = slot.job;
        slot.job = undefined;
        if (job && slot.state !== 'stopping') {
          clearTimeout(job.timer);
          job.reject(new IsolationError(cause, cause === 'memory' ? `the work needed more memory than allowed (${limits.memoryMb ?? limits.heapMb} MiB)` : `the worker stopped: ${detail}`));
        }
        slot.state = 'stopping';
        exited();
        pump();
      },
    });
    slot.runner.hold(true);
    slots.add(slot);
    return slot;
  };

  const dispatch = (slot: Slot, job: Job): void => {
    clearTimeout(job.timer);
    slot.state = 'busy';
    slot.job = job;
    slot.runner.hold(true);
    started++;
    job.timer = setTimeout(() => {
      slot.job = undefined;
      job.reject(new IsolationError('timeout', `the work took longer than ${limits.timeoutMs} ms`));
      stop(slot);
    }, limits.timeoutMs);
    slot.runner.send(job.message);
  };

  /** A task whose caller went away: dropped from the queue, or its runner terminated (its place kept until it has exited). */
  const withdraw = (job: Job): void => {
    clearTimeout(job.timer);
    const at = queue.indexOf(job);
    if (at >= 0) queue.splice(at, 1);
    const slot = [...slots].find((s) => s.job === job);
    if (slot) {
      slot.job = undefined;
      stop(slot);
    }
    job.reject(withdrawn());
    pump();
  };

  function pump(): void {
    if (closed) return;
    while (queue.length > 0) {
      const idle = [...slots].find((s) => s.state === 'idle');
      if (idle) {
        dispatch(idle, queue.shift()!);
        continue;
      }
      const starting = [...slots].filter((s) => s.state === 'starting').length;
      if (slots.size < limits.workers && starting < queue.length) {
        start();
        continue;
      }
      return;
    }
  }

  return {
    kind,
    limits: { ...limits },
    run<T>(task: TaskRef, args: unknown[], options: RunOptions = {}): Promise<T> {
      const wait = options.queueTimeoutMs ?? limits.queueTimeoutMs;
      const signal = options.signal;
      if (closed) return Promise.reject(new IsolationError('closed', 'the server is shutting down'));
      if (signal?.aborted) return Promise.reject(withdrawn());
      return new Promise<T>((resolve, reject) => {
        const id = nextId++;
        const settled = () => signal?.removeEventListener('abort', onAbort);
        const job: Job = {
          id,
          message: { id, module: task.module, fn: task.fn, args },
          resolve: (value) => (settled(), resolve(value as T)),
          reject: (error) => (settled(), reject(error)),
        };
        const onAbort = () => withdraw(job);
        signal?.addEventListener('abort', onAbort, { once: true });
        job.timer = setTimeout(() => {
          const at = queue.indexOf(job);
          if (at >= 0) queue.splice(at, 1);
          job.reject(new IsolationError('busy', `no worker was free within ${wait} ms`));
        }, wait);
        queue.push(job);
        pump();
      });
    },
    stats: () => ({ running: [...slots].filter((s) => s.state === 'busy').length, queued: queue.length, runners: slots.size, started }),
    async close() {
      closed = true;
      for (const job of queue.splice(0)) {
        clearTimeout(job.timer);
        job.reject(new IsolationError('closed', 'the server is shutting down'));
      }
      for (const slot of slots) {
        const job = slot.job;
        slot.job = undefined;
        if (job) {
          clearTimeout(job.timer);
          job.reject(new IsolationError('closed', 'the server is shutting down'));
        }
        stop(slot);
      }
      await Promise.all([...slots].map((s) => s.gone));
    },
  };
}
