import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../shared/ports.js';
import type { Telemetry } from '../shared/telemetry.js';
import type { Metric } from './metrics.js';
import type { AnalyticsRepo, CredentialCounter, CredentialRef } from './ports.js';
import { isBot, optedOut, type RequestSignal } from './privacy.js';

/** What happened to a credential outside its history: someone looked at it, shared it, verified it, took it. */
export interface Engagement {
  /** The credential, or how to find it (read after the answer too; undefined: not one of ours, nothing counted). */
  credential: CredentialRef | (() => Promise<CredentialRef | undefined>);
  metric: Extract<Metric, 'viewed' | 'shared' | 'linkedin-added' | 'verified' | 'accepted' | 'downloaded' | 'opened' | 'clicked'>;
  dim?: string | undefined;
  signal: RequestSignal;
  /**
   * A person's browser or mail client is expected (pages, pixels, share links): crawlers are not
   * counted. False for machine clients (a verifier's API call, a wallet).
   */
  browser: boolean;
}

export interface EngagementRecorder {
  /** Counts the engagement after the answer is on its way: never throws, never waits for the database. */
  record(engagement: Engagement): void;
  /** Resolves when every engagement recorded so far is written (tests, shutdown). */
  settled(): Promise<void>;
}

export interface EngagementDeps {
  analytics: AnalyticsRepo;
  clock: Clock;
  telemetry?: Telemetry | undefined;
  /** Puts the counted engagement on the organisation's outgoing webhook stream (when an endpoint subscribed). */
  publish?: ((credential: CredentialRef, metric: Engagement['metric'], detail: string | undefined) => Promise<unknown>) | undefined;
}

const COUNTER: Partial<Record<Engagement['metric'], CredentialCounter>> = { viewed: 'views', verified: 'verifications' };

/**
 * The recorder of one process. Distinct viewers are counted by a hash of (day's salt, credential,
 * address, user agent): the salt is random, shared through the database for the day, and deleted with
 * the day's hashes when the day ends, so no one can recognise a visitor across days or recompute a hash.
 */
export function createEngagementRecorder(deps: EngagementDeps): EngagementRecorder {
  const pending = new Set<Promise<void>>();
  let salt: { day: string; value: Promise<string> } | undefined;

  const daySalt = (day: string): Promise<string> => {
    if (salt?.day !== day) {
      const value = deps.analytics.forgetBefore(day).then(() => deps.analytics.daySalt(day, randomBytes(24).toString('base64url')));
      salt = { day, value };
      // A failed read is tried again on the next view.
      value.catch(() => { if (salt?.value === value) salt = undefined; });
    }
    return salt.value;
  };

  const write = async (e: Engagement): Promise<void> => {
    const day = deps.clock.now().toISOString().slice(0, 10);
    const credential = typeof e.credential === 'function' ? await e.credential() : e.credential;
    if (!credential) return;
    const increments: Array<{ metric: Metric; dim: string }> = [{ metric: e.metric, dim: e.dim ?? '' }];
    const counter = COUNTER[e.metric];
    if (counter) await deps.analytics.countForCredential(credential.id, day, counter);
    if (e.metric === 'viewed') {
      const viewer = createHash('sha256').update(`${await daySalt(day)}\n${credential.id}\n${e.signal.address ?? ''}\n${e.signal.userAgent ?? ''}`).digest('base64url').slice(0, 22);
      if (await deps.analytics.firstVisit(day, credential.id, viewer)) {
        increments.push({ metric: 'visitors', dim: '' });
        await deps.analytics.countForCredential(credential.id, day, 'visitors');
      }
    }
    await deps.analytics.increment(credential, day, increments);
    await deps.publish?.(credential, e.metric, e.dim);
  };

  return {
    record(e) {
      if (optedOut(e.signal) || (e.browser && isBot(e.signal.userAgent))) {
        deps.telemetry?.analyticsEvent?.('skipped');
        return;
      }
      const done: Promise<void> = write(e).then(
        () => deps.telemetry?.analyticsEvent?.('recorded'),
        () => deps.telemetry?.analyticsEvent?.('error'),
      ).finally(() => pending.delete(done));
      pending.add(done);
    },
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
