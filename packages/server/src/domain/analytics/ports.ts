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

/** One rollup cell as read back: summed over issuers and achievements unless grouped by achievement. */
export interface RollupRow {
  day: string;
  metric: Metric;
  dim: string;
  count: number;
  achievementId?: string;
}

export interface CredentialTotals {
  views: number;
  visitors: number;
  verifications: number;
}

export interface AnalyticsRepo {
  /** Adds `count` (default 1) to each (metric, dim) of the credential's organisation, issuer and achievement on `day`. */
  increment(ref: CredentialRef, day: string, increments: ReadonlyArray<{ metric: Metric; dim: string; count?: number }>): Promise<void>;
  /** Adds `n` (default 1) to the credential's own counter of the day. */
  countForCredential(credentialId: string, day: string, counter: CredentialCounter, n?: number): Promise<void>;
  /** True the first time this viewer hash is seen for the credential today. */
  firstVisit(day: string, credentialId: string, viewer: string): Promise<boolean>;
  /** The day's salt: the stored one, or `fresh` stored now (every instance ends up with the same). */
  daySalt(day: string, fresh: string): Promise<string>;
  /** Forgets the salts and viewer hashes of days before `day`. */
  forgetBefore(day: string): Promise<void>;
  /** Rollup cells of the filter, by day, metric and dimension (by achievement too when asked). */
  rows(filter: AnalyticsFilter, options?: { byAchievement?: boolean; metrics?: readonly Metric[] }): Promise<RollupRow[]>;
  /** Totals of the credential's own counters, within its organisation (earner view: the caller checked ownership). */
  credentialTotals(credentialIds: readonly string[]): Promise<Map<string, CredentialTotals>>;
}
