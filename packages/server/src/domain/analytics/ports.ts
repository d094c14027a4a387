import type { Metric } from './metrics.js';

/** The credential an engagement is about, as the rollup files it. */
export interface CredentialRef {
  id: string;
  orgId: string;
  issuerId: string;
  achievementId: string;
  /** Its stored status, when known (the webhook event carries it). */
  status?: string | undefined;
}

/** A per-credential counter an earner sees. */
export type CredentialCounter = 'views' | 'visitors' | 'verifications';

export interface AnalyticsFilter {
  orgId: string;
  /** First and last day (YYYY-MM-DD, UTC), both included. */
  from: string;
  to: string;
  issuerId?: string | undefined;
  achievementId?: string | undefined;
}

/** A sum over the filter's range, by metric and dimension. */
export interface RollupCell {
  metric: Metric;
  dim: string;
  count: number;
}

/** A sum of one day, by metric (its dimensions summed). */
export interface DailyCount {
  day: string;
  metric: Metric;
  count: number;
}

/** An increment of the rollup: `count` of (metric, dim) on `day` for the credential's organisation, issuer and achievement. */
export interface RollupCellIncrement {
  credential: CredentialRef;
  day: string;
  metric: Metric;
  dim: string;
  count: number;
}

/** A credential-day's distinct visitors as stored: a `VisitorSketch`'s bytes, and how many the rollups counted already. */
export interface StoredVisitorSketch {
  sketch: Uint8Array;
  counted: number;
}

export interface CredentialTotals {
  views: number;
  visitors: number;
  verifications: number;
}

export interface AnalyticsRepo {
  /** Adds each increment to the rollups (per achievement and the totals per issuer and organisation); cells of the same key add up. */
  increment(increments: readonly RollupCellIncrement[]): Promise<void>;
  /** Adds each row's counts to its credential's own counters of the day (one statement; rows of one key add up). */
  countForCredentials(rows: ReadonlyArray<{ credentialId: string; day: string } & CredentialTotals>): Promise<void>;
  /**
   * The stored visitor sketches of the day's credentials (`credentialIds`: ascending, none twice, at most
   * `sketchesPerStatement`), each held until the transaction ends, so that two instances merging the same
   * credential-day take turns (PostgreSQL: created empty when missing, then row locks taken in key order). Missing
   * ones are absent from the answer.
   */
  lockVisitorSketches(day: string, credentialIds: readonly string[]): Promise<Map<string, StoredVisitorSketch>>;
  /** Writes merged sketches of the day back (in the same transaction, after `lockVisitorSketches`). */
  saveVisitorSketches(day: string, sketches: ReadonlyArray<{ credentialId: string } & StoredVisitorSketch>): Promise<void>;
  /**
   * Credential-days per call of `lockVisitorSketches`: fewer where a statement holds the event loop (SQLite), more
   * where it does not (PostgreSQL: fewer round trips).
   */
  readonly sketchesPerStatement: number;
  /** The day's salt: the stored one, or `fresh` stored now (every instance ends up with the same). */
  daySalt(day: string, fresh: string): Promise<string>;
  /** Forgets the salts and visitor sketches of days before `day`. */
  forgetBefore(day: string): Promise<void>;
  /** Sums over the filter's range, by metric and dimension (of `metrics` only, when given). */
  totals(filter: AnalyticsFilter, metrics?: readonly Metric[]): Promise<RollupCell[]>;
  /** Sums per day and metric of `metrics`, dimensions summed. */
  daily(filter: AnalyticsFilter, metrics: readonly Metric[]): Promise<DailyCount[]>;
  /** Sums per achievement with activity in the range, by metric and dimension. */
  byAchievement(filter: AnalyticsFilter): Promise<Array<RollupCell & { achievementId: string }>>;
  /** Totals of the credential's own counters, within its organisation (earner view: the caller checked ownership). */
  credentialTotals(credentialIds: readonly string[]): Promise<Map<string, CredentialTotals>>;
}
