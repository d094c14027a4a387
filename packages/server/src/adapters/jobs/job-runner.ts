import { randomUUID } from 'node:crypto';
import type { JobHandler } from '../../domain/shared/job-handler.js';
import { jobHandlerRegistry } from '../../domain/shared/job-handler.js';
import type { JobQueue } from '../../domain/shared/jobs.js';
import type { Clock } from '../../domain/shared/ports.js';

export interface JobRunnerOptions {
  queue: JobQueue;
  handlers: JobHandler[];
  clock: Clock;
  workerId?: string;
  /** Jobs claimed per poll. */
  batchSize?: number;
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
  const workerId = o.workerId ?? `worker-${randomUUID()}`;
  const batch = o.batchSize ?? 5;
  const lockMs = (o.lockSeconds ?? 120) * 1000;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  async function runOnce(): Promise<number> {
    const now = o.clock.now();
    const jobs = await o.queue.claim(workerId, batch, now.toISOString(), new Date(now.getTime() + lockMs).toISOString());
    for (const job of jobs) {
      const handler = handlers.get(job.name);
      const at = () => o.clock.now().toISOString();
      if (!handler) {
        await o.queue.fail(job.id, `no handler for job "${job.name}"`, null, at());
        continue;
      }
      const started = performance.now();
      const took = () => (performance.now() - started) / 1000;
      try {
        const heartbeat = () => o.queue.extendLock(job.id, workerId, new Date(o.clock.now().getTime() + lockMs).toISOString());
        const result = await handler.handle(job.payload, { jobId: job.id, attempt: job.attempts, heartbeat });
        await o.queue.complete(job.id, result ?? null, at());
        o.observe?.(job.name, 'done', took());
        o.log?.info({ jobId: job.id, job: job.name }, 'job done');
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const retry = job.attempts < job.maxAttempts ? new Date(o.clock.now().getTime() + Math.min(3600, 2 ** job.attempts) * 1000).toISOString() : null;
        await o.queue.fail(job.id, message, retry, at());
        o.observe?.(job.name, retry ? 'retry' : 'failed', took());
        o.log?.error({ jobId: job.id, job: job.name, attempt: job.attempts, retry }, `job failed: ${message}`);
      }
    }
    return jobs.length;
  }

  return {
    runOnce,
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          const ran = await runOnce().catch((error: unknown) => {
            o.log?.error({ err: error }, 'job runner poll failed');
            return 0;
          });
          if (ran === 0 && running) await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, o.pollMs ?? 500);
          });
        }
      })();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
