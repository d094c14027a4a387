import type { JobQueue } from '../../domain/shared/jobs.js';
import { EXPIRY_SWEEP_JOB } from '../../domain/renewals/expiry-sweep.js';

/**
 * Enqueues the certification expiry sweep now and every `minutes`. Every process that runs jobs does this;
 * extra sweeps are harmless (the reminder table's unique index makes each reminder once), only work.
 */
export function scheduleExpirySweep(queue: JobQueue, minutes: number, log?: { error(obj: object, msg: string): void }): { stop(): void } {
  if (minutes <= 0) return { stop() {} };
  const enqueue = () => void queue.enqueue({ name: EXPIRY_SWEEP_JOB, payload: {}, maxAttempts: 3 }).catch((error: unknown) => log?.error({ err: error }, 'could not enqueue the expiry sweep'));
  enqueue();
  const timer = setInterval(enqueue, minutes * 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
