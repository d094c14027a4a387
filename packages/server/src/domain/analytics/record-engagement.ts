import type { Clock } from '../shared/ports.js';
import type { Telemetry } from '../shared/telemetry.js';
import { cellOf, createEngagementBuffer, type EngagementBuffer } from './engagement-buffer.js';
import type { Metric } from './metrics.js';
import type { CredentialRef } from './ports.js';
import { isBot, optedOut, type RequestSignal } from './privacy.js';
import { PendingViews } from './pending-views.js';
import { daySalts, knownVisitors, viewerWords } from './visitors.js';
import { writeEngagements, type EngagementStore } from './write-engagements.js';
import { pauseForLoop } from '../shared/pause-for-loop.js';

/** What happened to a credential outside its history: someone looked at it, shared it, verified it, took it. */
export interface Engagement {
  /** The credential, or how to find it (read after the answer too; undefined: not one of ours, nothing counted). */
  credential: CredentialRef | (() => Promise<CredentialRef | undefined>);
  metric: Extract<Metric, 'viewed' | 'shared' | 'linkedin-added' | 'verified' | 'accepted' | 'downloaded' | 'opened' | 'clicked'>;
  dim?: string | undefined;
  signal: RequestSignal;
  /**
   * A person's browser or mail client is expected (pages, pixels, share links): crawlers are not
   * counted. False for machine clients (a verifier's API call, a wallet). A view (`viewed`) is always a browser's:
   * its crawler check is made in the batch, whatever this says.
   */
  browser: boolean;
}

export interface EngagementRecorder {
  /** Counts the engagement after the answer is on its way: never throws, never waits for the database. */
  record(engagement: Engagement): void;
  /**
   * Resolves when every engagement recorded before the call is written (or lost to an error): before a read of the
   * counts (so that an instance always reads its own), at shutdown, in tests. Never rejects.
   */
  settled(): Promise<void>;
}

export interface EngagementDeps {
  store: EngagementStore;
  clock: Clock;
  telemetry?: Telemetry | undefined;
  /** Puts `count` counted engagements on the organisation's outgoing webhook stream (when an endpoint subscribed). */
  publish?: ((credential: CredentialRef, metric: Engagement['metric'], detail: string | undefined, count: number) => Promise<unknown>) | undefined;
  /** How long engagements are counted in memory before they are written (default 1 s). */
  flushMs?: number | undefined;
  /**
   * Credential-days, cells and new visitors held in memory at most (default 50,000, some 5 MB): a write starts as
   * soon as they are reached; reached again while that write is under way, new engagements are lost (counted as
   * errors) until it ends, so that a flood of forged visitors cannot grow the memory without bound.
   */
  maxEntries?: number | undefined;
}

/** Visitors remembered as written per process per day before the memory starts again (about 10 MB). */
const MAX_REMEMBERED_VISITS = 100_000;
/** Engagements at most waiting for their credential to be found. */
const MAX_RESOLVING = 10_000;
/** Pending views a batch hashes between two turns of the event loop (~1 ms of work: requests are not held up). */
const VIEWS_PER_TURN = 1000;
const DAY_MS = 86_400_000;

/**
 * The recorder of one process. Engagements are counted in memory — per credential, day, metric and dimension, and
 * the day's new visitors of each credential — and written every `flushMs` in one transaction, a multi-row upsert
 * per table: a busy page costs a few statements a second, not a write per view. A crash loses at most the last
 * interval's counts (views are statistics; history events are written with their history, not here).
 *
 * Distinct visitors are counted by a hash of (day's salt, credential, address, user agent): the salt is random,
 * shared through the database for the day and deleted with the day's sketches when the day ends, so no one can
 * recognise a visitor across days or recompute a hash. Each credential-day's visitors are merged into its stored
 * sketch (`VisitorSketch`, write-engagements.ts), so a visitor seen by several instances counts once.
 *
 * A view's request does as little as it can: after the Do-Not-Track and GPC check it appends the credential, the day,
 * the address and the user agent to the pending views (`PendingViews`: four array stores, no object) and returns. The
 * batch that starts each write drops the crawlers' views (one check per user agent of the batch), hashes the others
 * (in a loop SHA-256 and the visitor set stay hot: about a fifth of the CPU a hash costs between two requests), counts
 * them and forgets the addresses and user agents. So those two are held in this process's memory from the view to the
 * next write's start (at most `flushMs`, 1 s by default), never written anywhere (docs/analytics.md).
 */
export function createEngagementRecorder(deps: EngagementDeps): EngagementRecorder {
  const flushMs = deps.flushMs ?? 1000;
  const maxEntries = deps.maxEntries ?? 50_000;
  const salts = daySalts(deps.store.analytics);
  const known = knownVisitors(MAX_REMEMBERED_VISITS);
  const outcome = (o: 'recorded' | 'skipped' | 'error', n = 1) => deps.telemetry?.analyticsEvent?.(o, n);
  let buffer = createEngagementBuffer();
  /** Views waiting for the next batch, and the (emptied) arrays of the last one, swapped at each batch. */
  let pending = new PendingViews(maxEntries);
  let spare = new PendingViews(maxEntries);
  /** The buffer's number; `written`: the last one whose write ended (buffers are written in order, one at a time). */
  let seq = 0;
  let written = -1;
  let writing: Promise<void> | undefined;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const resolving = new Set<Promise<void>>();
  // The UTC day, formatted once a day rather than on every view.
  let today = { day: '', from: 0, until: 0 };
  const dayOf = (t: number): string => {
    if (t < today.from || t >= today.until) {
      const from = t - (t % DAY_MS);
      today = { day: new Date(from).toISOString().slice(0, 10), from, until: from + DAY_MS };
    }
    return today.day;
  };

  // The view's visitor hash, as two 32-bit words in one reused array (the buffer copies them at once).
  const words = new Int32Array(2);
  /** This batch's crawler verdicts by user agent (at most 1,000; cleared with the batch, as its user agents are). */
  const crawlers = new Map<string, boolean>();
  /** Counts the i-th pending view (false: a crawler's, not counted). */
  const countView = (views: PendingViews, i: number, salt: string): boolean => {
    const agent = views.agents[i] ?? '';
    let crawler = crawlers.get(agent);
    if (crawler === undefined) {
      if (crawlers.size >= 1000) crawlers.clear();
      crawlers.set(agent, (crawler = isBot(agent)));
    }
    if (crawler) return false;
    const credential = views.credentials[i]!;
    const day = views.days[i]!;
    viewerWords(salt, credential.id, views.addresses[i], agent, words);
    buffer.add(credential, day, 'viewed', '', known.has(day, words[0]!, words[1]!) ? undefined : words);
    return true;
  };
  /**
   * Hashes and counts the pending views into the buffer, then forgets their addresses and user agents. Crawlers are
   * told apart here (pages are for browsers): one check per user agent of the batch, the verdicts dropped with it.
   */
  const countPending = async (views: PendingViews): Promise<void> => {
    const { days } = views;
    let skipped = 0;
    try {
      for (let i = 0; i < views.size; i++) {
        if (i > 0 && i % VIEWS_PER_TURN === 0) await pauseForLoop();
        const day = days[i]!;
        const salt = salts.ready(day) ?? (await salts.load(day)); // the first view of a day: its salt read once
        if (!countView(views, i, salt)) skipped++;
      }
    } catch {
      outcome('error', views.size - skipped); // the day's salt could not be read: this batch's views are lost
    } finally {
      if (skipped > 0) outcome('skipped', skipped);
      views.clear();
      crawlers.clear();
    }
  };

  const write = async (batch: EngagementBuffer): Promise<void> => {
    try {
      // Between the statements of a write, requests get the event loop (on SQLite every statement holds it).
      await writeEngagements(deps.store, batch, pauseForLoop);
    } catch {
      outcome('error', batch.events);
      return;
    }
    known.remember(batch);
    outcome('recorded', batch.events);
    if (!deps.publish) return;
    for (const cd of batch.days.values()) {
      for (const [cell, n] of cd.cells) {
        const { metric, dim } = cellOf(cell);
        await deps.publish(cd.credential, metric as Engagement['metric'], dim || undefined, n).catch(() => undefined);
      }
    }
  };
  const drain = async (): Promise<void> => {
    do {
      again = false;
      if (buffer.events === 0 && pending.size === 0) break;
      const number = seq++;
      if (pending.size > 0) {
        const views = pending;
        pending = spare;
        spare = views;
        await countPending(views);
      }
      const batch = buffer;
      buffer = createEngagementBuffer();
      if (batch.events > 0) await write(batch).catch(() => outcome('error', batch.events)); // never rejects: settled() must not
      written = number;
    } while (again || buffer.entries >= maxEntries || pending.size >= maxEntries);
  };
  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (writing) {
      again = true;
      return writing;
    }
    const run: Promise<void> = drain().finally(() => { if (writing === run) writing = undefined; });
    writing = run;
    return run;
  };
  const soon = (): void => {
    if (!timer) {
      timer = setTimeout(() => void flush(), flushMs);
      timer.unref?.();
    }
  };

  const count = (credential: CredentialRef, day: string, metric: Engagement['metric'], dim: string): void => {
    if (buffer.entries >= maxEntries && writing) {
      outcome('error');
      return;
    }
    buffer.add(credential, day, metric, dim, undefined);
    if (buffer.entries >= maxEntries) void flush();
    else soon();
  };
  const view = (credential: CredentialRef, day: string, signal: RequestSignal): void => {
    if (!pending.push(credential, day, signal)) {
      // As many views wait as the memory allows: while a write is under way they are lost (a flood of forged
      // visitors cannot grow the memory); otherwise the write starts now, with them.
      if (writing) outcome('error');
      else {
        void flush();
        if (!pending.push(credential, day, signal)) outcome('error');
      }
      return;
    }
    soon();
  };
  const recordOf = (e: Engagement, credential: CredentialRef, day: string): void => {
    if (e.metric === 'viewed') view(credential, day, e.signal);
    else count(credential, day, e.metric, e.dim ?? '');
  };
  // The credential to be found (read after the answer): counted when it is.
  const later = (e: Engagement & { credential: () => Promise<CredentialRef | undefined> }, day: string): void => {
    if (resolving.size >= MAX_RESOLVING) {
      outcome('error');
      return;
    }
    const done: Promise<void> = e
      .credential()
      .then((credential) => { if (credential) recordOf(e, credential, day); })
      .catch(() => outcome('error'))
      .finally(() => resolving.delete(done));
    resolving.add(done);
  };

  /** Any other engagement (or a view whose credential is still to be found). */
  const other = (e: Engagement): void => {
    if (e.browser && e.metric !== 'viewed' && isBot(e.signal.userAgent)) {
      outcome('skipped');
      return;
    }
    const day = dayOf(deps.clock.now().getTime());
    if (typeof e.credential === 'function') later(e as Engagement & { credential: () => Promise<CredentialRef | undefined> }, day);
    else recordOf(e, e.credential, day);
  };

  return {
    record(e) {
      if (optedOut(e.signal)) {
        outcome('skipped');
        return;
      }
      // A page view of a known credential, the busiest engagement, appended at once: its crawler check waits for the
      // batch, where a second's views share one check per user agent. (Kept apart from the others' path: with it in
      // the same function, a view measured some 1–2 µs dearer over sockets, bench/page-views-http.ts.)
      if (e.metric === 'viewed' && typeof e.credential !== 'function') view(e.credential, dayOf(deps.clock.now().getTime()), e.signal);
      else other(e);
    },
    async settled() {
      await Promise.allSettled([...resolving]);
      const target = seq;
      while (written < target && (writing || seq > target || buffer.events > 0 || pending.size > 0)) await flush();
    },
  };
}
