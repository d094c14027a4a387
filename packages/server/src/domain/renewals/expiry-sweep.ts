import type { Deps } from '../deps.js';
import type { JobHandler } from '../shared/job-handler.js';
import { DEFAULT_REMINDER_OFFSETS, daysToMs, dueOffset } from './reminder-offsets.js';

export const EXPIRY_SWEEP_JOB = 'certifications.expiry-sweep';
export const EXPIRY_REMINDER_JOB = 'certifications.expiry-reminder';

const BATCH = 200;

export type SweepDeps = Pick<Deps, 'store' | 'clock' | 'ids'>;

/**
 * Finds certifications due a reminder and, for each, stores the reminder row and enqueues its e-mail job in
 * one transaction. The unique (credential, offset) index makes this exactly once: a second sweep (a restart,
 * another worker at the same moment) inserts nothing and enqueues nothing. Returns how many it enqueued.
 */
export async function sweepExpiryReminders(deps: SweepDeps, options: { heartbeat?: (() => Promise<void>) | undefined } = {}): Promise<{ enqueued: number; seen: number }> {
  const now = deps.clock.now();
  const horizon = Math.max(...DEFAULT_REMINDER_OFFSETS, (await deps.store.expiryReminders.largestOffset()) ?? 0);
  const until = new Date(now.getTime() + daysToMs(horizon)).toISOString();
  let afterId: string | null = null;
  let enqueued = 0;
  let seen = 0;
  for (;;) {
    const batch = await deps.store.expiryReminders.listExpiring(now.toISOString(), until, afterId, BATCH);
    for (const c of batch) {
      seen++;
      const offset = dueOffset(c.expiresAt, c.reminderOffsets ?? DEFAULT_REMINDER_OFFSETS, now);
      if (offset === undefined) continue;
      const made = await deps.store.transaction(async (tx) => {
        const reminderId = deps.ids.id();
        const inserted = await tx.expiryReminders.insertOnce({
          id: reminderId, orgId: c.orgId, credentialId: c.id, offsetDays: offset, expiresAt: c.expiresAt, createdAt: now.toISOString(), sentAt: null, outcome: null,
        });
        if (inserted) await tx.jobs.enqueue({ name: EXPIRY_REMINDER_JOB, orgId: c.orgId, payload: { reminderId } });
        return inserted;
      });
      if (made) enqueued++;
    }
    if (batch.length < BATCH) break;
    afterId = batch[batch.length - 1]!.id;
    await options.heartbeat?.();
  }
  return { enqueued, seen };
}

/** The sweep as a durable job (enqueued on a schedule by the job host: see adapters/jobs/expiry-schedule.ts). */
export function expirySweepJob(deps: SweepDeps): JobHandler {
  return {
    name: EXPIRY_SWEEP_JOB,
    version: 1,
    handle: (_payload, context) => sweepExpiryReminders(deps, { heartbeat: context.heartbeat }),
  };
}
