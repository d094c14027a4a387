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
  /** The analytics repository, and a transaction over it (a batch is one transaction). */
  store: { analytics: AnalyticsRepo; transaction<T>(fn: (tx: { analytics: AnalyticsRepo }) => Promise<T>): Promise<T> };
  clock: Clock;
  telemetry?: Telemetry | undefined;
  /** Puts the counted engagement on the organisation's outgoing webhook stream (when an endpoint subscribed). */
  publish?: ((credential: CredentialRef, metric: Engagement['metric'], detail: string | undefined) => Promise<unknown>) | undefined;
  /** How long engagements wait to be written together (default 200 ms); a full batch is written at once. */
  batchMs?: number | undefined;
  batchSize?: number | undefined;
}

const COUNTER: Partial<Record<Engagement['metric'], CredentialCounter>> = { viewed: 'views', verified: 'verifications' };

interface Resolved {
  e: Engagement;
  credential: CredentialRef;
}

/**
 * The recorder of one process. Engagements are queued and written in batches (one transaction, each
 * rollup cell and counter incremented once by its total), so that a busy page costs a few writes a
 * second rather than several per view. Distinct viewers are counted by a hash of (day's salt,
 * credential, address, user agent): the salt is random, shared through the database for the day, and
 * deleted with the day's hashes when the day ends, so no one can recognise a visitor across days or
 * recompute a hash. The hash is computed when the view arrives; the address and user agent are not kept.
 */
/**
 * A batch gives the event loop back every this many engagements: on SQLite every statement runs synchronously, so a
 * batch of hundreds of views would otherwise hold up every request (the cached pages included) for tens of ms.
 */
const YIELD_EVERY = 25;
/** Distinct visitors remembered per process per day before the memory starts again (about 10 MB). */
const MAX_REMEMBERED_VISITS = 100_000;
const yieldToRequests = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function createEngagementRecorder(deps: EngagementDeps): EngagementRecorder {
  const batchMs = deps.batchMs ?? 200;
  const batchSize = deps.batchSize ?? 500;
  let queue: Array<{ e: Engagement; day: string }> = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const inFlight = new Set<Promise<void>>();
  let salt: { day: string; value: Promise<string> } | undefined;
  // Viewers this process has already written today (credential, day, viewer hash): their next views are not first
  // visits, so the database is not asked again. Only what was written is remembered; other instances' viewers are
  // still found by the database's unique row.
  const visited = new Set<string>();
  let visitedDay = '';
  const remember = (day: string, keys: string[]): void => {
    if (day !== visitedDay || visited.size + keys.length > MAX_REMEMBERED_VISITS) {
      visited.clear();
      visitedDay = day;
    }
    for (const key of keys) visited.add(key);
  };

  const daySalt = (day: string): Promise<string> => {
    if (salt?.day !== day) {
      const value = deps.store.analytics.forgetBefore(day).then(() => deps.store.analytics.daySalt(day, randomBytes(24).toString('base64url')));
      salt = { day, value };
      // A failed read is tried again with the next batch.
      value.catch(() => { if (salt?.value === value) salt = undefined; });
    }
    return salt.value;
  };

  const writeBatch = async (batch: Array<{ e: Engagement; day: string }>): Promise<void> => {
    const resolved: Array<Resolved & { day: string; viewer?: string }> = [];
    for (const [i, { e, day }] of batch.entries()) {
      if (i > 0 && i % YIELD_EVERY === 0) await yieldToRequests();
      try {
        const credential = typeof e.credential === 'function' ? await e.credential() : e.credential;
        if (!credential) continue;
        const viewer = e.metric === 'viewed' ? createHash('sha256').update(`${await daySalt(day)}\n${credential.id}\n${e.signal.address ?? ''}\n${e.signal.userAgent ?? ''}`).digest('base64url').slice(0, 22) : undefined;
        resolved.push({ e, credential, day, ...(viewer ? { viewer } : {}) });
      } catch {
        deps.telemetry?.analyticsEvent?.('error');
      }
    }
    if (resolved.length === 0) return;
    // Remembered once the transaction has committed (a rolled-back first visit must be asked again).
    const written: Array<{ day: string; visit: string }> = [];
    await deps.store.transaction(async (tx) => {
      const cells = new Map<string, { credential: CredentialRef; day: string; metric: Metric; dim: string; n: number }>();
      const counters = new Map<string, { id: string; day: string; counter: CredentialCounter; n: number }>();
      const add = (credential: CredentialRef, day: string, metric: Metric, dim: string) => {
        const key = `${credential.id}\n${day}\n${metric}\n${dim}`;
        const cell = cells.get(key) ?? { credential, day, metric, dim, n: 0 };
        cell.n++;
        cells.set(key, cell);
      };
      const count = (id: string, day: string, counter: CredentialCounter) => {
        const key = `${id}\n${day}\n${counter}`;
        const c = counters.get(key) ?? { id, day, counter, n: 0 };
        c.n++;
        counters.set(key, c);
      };
      // The views' visits not already known to this process, written per day in one statement each.
      const asked = new Map<string, Array<{ credentialId: string; viewer: string }>>();
      for (const r of resolved) {
        if (!r.viewer) continue;
        const visit = `${r.credential.id}\n${r.viewer}`;
        written.push({ day: r.day, visit });
        if (r.day === visitedDay && visited.has(visit)) continue;
        const visits = asked.get(r.day) ?? [];
        visits.push({ credentialId: r.credential.id, viewer: r.viewer });
        asked.set(r.day, visits);
      }
      const firsts = new Map<string, Set<string>>();
      for (const [day, visits] of asked) firsts.set(day, await tx.analytics.firstVisits(day, visits));
      for (const [i, r] of resolved.entries()) {
        if (i > 0 && i % YIELD_EVERY === 0) await yieldToRequests();
        add(r.credential, r.day, r.e.metric, r.e.dim ?? '');
        const counter = COUNTER[r.e.metric];
        if (counter) count(r.credential.id, r.day, counter);
        // A first visit counts once, at the first of its views in the batch.
        if (r.viewer && firsts.get(r.day)?.delete(`${r.credential.id}\n${r.viewer}`)) {
          add(r.credential, r.day, 'visitors', '');
          count(r.credential.id, r.day, 'visitors');
        }
      }
      for (const c of counters.values()) await tx.analytics.countForCredential(c.id, c.day, c.counter, c.n);
      await tx.analytics.increment([...cells.values()].map((c) => ({ credential: c.credential, day: c.day, metric: c.metric, dim: c.dim, count: c.n })));
    });
    for (const { day, visit } of written) remember(day, [visit]);
    for (const r of resolved) {
      await deps.publish?.(r.credential, r.e.metric, r.e.dim);
      deps.telemetry?.analyticsEvent?.('recorded');
    }
  };

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0) return Promise.resolve();
    const batch = queue;
    queue = [];
    const done: Promise<void> = writeBatch(batch)
      .catch(() => { for (let i = 0; i < batch.length; i++) deps.telemetry?.analyticsEvent?.('error'); })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
    return done;
  };

  return {
    record(e) {
      if (optedOut(e.signal) || (e.browser && isBot(e.signal.userAgent))) {
        deps.telemetry?.analyticsEvent?.('skipped');
        return;
      }
      queue.push({ e, day: deps.clock.now().toISOString().slice(0, 10) });
      if (queue.length >= batchSize) void flush();
      else if (!timer) {
        timer = setTimeout(() => void flush(), batchMs);
        timer.unref?.();
      }
    },
    async settled() {
      await flush();
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
