import type { Metric } from './metrics.js';
import type { CredentialRef } from './ports.js';

/**
 * What one process counted of one credential on one day and has not written yet: every engagement is an
 * increment of a cell here, so a thousand views of a page are one number, not a thousand rows.
 */
export interface CredentialDay {
  credential: CredentialRef;
  day: string;
  /** Counts by rollup cell: the metric's name when it has no dimension, else `metric + "\n" + dim`. */
  cells: Map<string, number>;
  /** The credential's own counters (what its earner sees). */
  views: number;
  verifications: number;
}

/** The engagements counted since the last write, by (day, credential); `entries` is what they hold in memory. */
export interface EngagementBuffer {
  readonly days: ReadonlyMap<string, CredentialDay>;
  /**
   * By day, the visitor hashes this process has not written yet (each a possible first visit of the day) and the
   * credential-day each was a visitor of (a hash covers its credential: one hash, one credential).
   */
  readonly visitors: ReadonlyMap<string, ReadonlyMap<bigint, CredentialDay>>;
  /** Credential-days, cells and visitor hashes held: the size the recorder caps. */
  readonly entries: number;
  /** Engagements counted (each is one `recorded` once written). */
  readonly events: number;
  /** Counts one engagement; `viewer` is the visitor's hash when it is a view not already written today. */
  add(credential: CredentialRef, day: string, metric: Metric, dim: string, viewer: bigint | undefined): void;
}

export const cellKey = (metric: Metric, dim: string): string => (dim === '' ? metric : `${metric}\n${dim}`);

export function cellOf(key: string): { metric: Metric; dim: string } {
  const at = key.indexOf('\n');
  return at < 0 ? { metric: key as Metric, dim: '' } : { metric: key.slice(0, at) as Metric, dim: key.slice(at + 1) };
}

export function createEngagementBuffer(): EngagementBuffer {
  const days = new Map<string, CredentialDay>();
  const visitors = new Map<string, Map<bigint, CredentialDay>>();
  let entries = 0;
  let events = 0;
  return {
    days,
    visitors,
    get entries() {
      return entries;
    },
    get events() {
      return events;
    },
    add(credential, day, metric, dim, viewer) {
      const key = `${day}\n${credential.id}`;
      let cd = days.get(key);
      if (!cd) {
        cd = { credential, day, cells: new Map(), views: 0, verifications: 0 };
        days.set(key, cd);
        entries++;
      }
      const cell = cellKey(metric, dim);
      const n = cd.cells.get(cell);
      if (n === undefined) entries++;
      cd.cells.set(cell, (n ?? 0) + 1);
      if (metric === 'viewed') cd.views++;
      else if (metric === 'verified') cd.verifications++;
      if (viewer !== undefined) {
        let ofDay = visitors.get(day);
        if (!ofDay) visitors.set(day, (ofDay = new Map()));
        if (!ofDay.has(viewer)) {
          ofDay.set(viewer, cd);
          entries++;
        }
      }
      events++;
    },
  };
}
