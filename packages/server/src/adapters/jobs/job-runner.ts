import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { JobHandler } from '../../domain/shared/job-handler.js';
import { JobInterrupted, jobHandlerRegistry } from '../../domain/shared/job-handler.js';
import type { JobQueue } from '../../domain/shared/jobs.js';
import type { Clock } from '../../domain/shared/ports.js';

export interface JobRunnerOptions {
  queue: JobQueue;
  handlers: JobHandler[];
  clock: Clock;
  workerId?: string;
  /** Jobs claimed per poll. */
  batchSize?: number;
  /**
   * Jobs `start()` runs at once (default 1): a job is claimed only when one of these slots is free, so
   * none waits, locked, behind a long one (its lock would expire and another worker run it too).
   */
  concurrency?: number;
  /** How long a claimed job stays locked; a worker that dies leaves it claimable after this. */
  lockSeconds?: number;
  pollMs?: number;
  log?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Told of every run: the job's name, how it ended, and how long it took (metrics). */
  observe?: (name: string, outcome: 'done' | 'retry' | 'failed', seconds: number) => void;
}

export interface JobRunner {
  /** Claim and run one batch; returns how many jobs ran. */
  runOnce(): Promise<number>;
  /** Poll until `stop()`. */
  start(): void;
  stop(): Promise<void>;
}

/**
 * Runs durable jobs from the jobs table. Failures retry with exponential backoff (2^attempt seconds,
 * at most 1 h) until max attempts; a job with no handler fails at once.
 */
export function createJobRunner(o: JobRunnerOptions): JobRunner {
  const handlers = jobHandlerRegistry(o.handlers);
  // Host and process in the id: an operator (and the cluster test) can tell which process holds a job.
  const workerId = o.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const batch = o.batchSize ?? 5;
  const lockMs = (o.lockSeconds ?? 120) * 1000;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  /** Aborted by `stop()`: long jobs under way stop at their next safe point and are given back. */
  let stopping = new AbortController();

  async function run(job: Awaited<ReturnType<JobQueue['claim']>>[number]): Promise<void> {
    const handler = handlers.get(job.name);
    const at = () => o.clock.now().toISOString();
    if (!handler) {
      await o.queue.fail(job.id, `no handler for job "${job.name}"`, null, at(), job.orgId);
      return;
    }
    const started = performance.now();
    const took = () => (performance.now() - started) / 1000;
    try {
      const heartbeat = () => o.queue.extendLock(job.id, workerId, new Date(o.clock.now().getTime() + lockMs).toISOString());
      const result = await handler.handle(job.payload, { jobId: job.id, attempt: job.attempts, heartbeat, signal: stopping.signal });
      await o.queue.complete(job.id, result ?? null, at(), job.orgId);
      o.observe?.(job.name, 'done', took());
      o.log?.info({ jobId: job.id, job: job.name }, 'job done');
    } catch (error) {
      if (error instanceof JobInterrupted) {
        await o.queue.release(job.id, workerId, at());
        o.log?.info({ jobId: job.id, job: job.name }, 'job given back (shutting down)');
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      const retry = job.attempts < job.maxAttempts ? new Date(o.clock.now().getTime() + Math.min(3600, 2 ** job.attempts) * 1000).toISOString() : null;
      await o.queue.fail(job.id, message, retry, at(), job.orgId);
      o.observe?.(job.name, retry ? 'retry' : 'failed', took());
      // The message may quote personal data (a mail server's refusal names the address): it is kept sealed in the
      // job's row (`laurel jobs failed` shows it to operators), never written to the log.
      o.log?.error({ jobId: job.id, job: job.name, attempt: job.attempts, retry, error: error instanceof Error ? error.name : typeof error }, 'job failed (its error: `laurel jobs failed`)');
    }
  }

  const claim = (limit: number) => {
    const now = o.clock.now();
    return o.queue.claim(workerId, limit, now.toISOString(), new Date(now.getTime() + lockMs).toISOString());
  };

  async function runOnce(): Promise<number> {
    const jobs = await claim(batch);
    for (const job of jobs) await run(job);
    return jobs.length;
  }

  const slots = Math.max(1, o.concurrency ?? 1);
  const inFlight = new Set<Promise<void>>();

  return {
    runOnce,
    start() {
      if (running) return;
      running = true;
      if (stopping.signal.aborted) stopping = new AbortController();
      loop = (async () => {
        while (running) {
          const free = slots - inFlight.size;
          let claimed = 0;
          if (free > 0) {
            const jobs = await claim(Math.min(free, batch)).catch((error: unknown) => {
              o.log?.error({ err: error }, 'job runner poll failed');
              return [];
            });
            claimed = jobs.length;
            for (const job of jobs) {
              const task = run(job)
                .catch((error: unknown) => o.log?.error({ err: error, jobId: job.id }, 'job runner could not record a job'))
                .finally(() => {
                  inFlight.delete(task);
                  wake?.();
                });
              inFlight.add(task);
            }
          }
          // Nothing due: poll again later (or as soon as a job ends). All slots busy: wait for one.
          if (running && (claimed === 0 || inFlight.size >= slots)) {
            await new Promise<void>((resolve) => {
              wake = resolve;
              if (claimed === 0) setTimeout(resolve, o.pollMs ?? 500);
            });
          }
        }
      })();
    },
    /**
     * Stops claiming; resolves when the jobs under way have ended (a graceful shutdown drains them). A long
     * job honouring its `signal` (a bulk award) stops at its next row and is given back to the queue.
     */
    async stop() {
      running = false;
      stopping.abort();
      wake?.();
      await loop;
      await Promise.all([...inFlight]);
    },
  };
}
