import type { Metric } from './metrics.js';
import type { CredentialRef } from './ports.js';
import { VisitorSet } from './visitor-set.js';

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
   * number of the credential-day each was a visitor of (a hash covers its credential: one hash, one credential), in
   * typed arrays: a second's new visitors are not objects that the garbage collector copies until they are written.
   */
  readonly visitors: ReadonlyMap<string, VisitorSet>;
  /** The credential-days by number: a visitor's value in `visitors` is its credential-day's here. */
  readonly credentialDays: readonly CredentialDay[];
  /** Credential-days, cells and visitor hashes held: the size the recorder caps. */
  readonly entries: number;
  /** Engagements counted (each is one `recorded` once written). */
  readonly events: number;
  /**
   * Counts one engagement; `viewer` is the visitor's hash as (high, low) words when it is a view not already written
   * today (read at once, not kept).
   */
  add(credential: CredentialRef, day: string, metric: Metric, dim: string, viewer: Int32Array | undefined): void;
}

export const cellKey = (metric: Metric, dim: string): string => (dim === '' ? metric : `${metric}\n${dim}`);

export function cellOf(key: string): { metric: Metric; dim: string } {
  const at = key.indexOf('\n');
  return at < 0 ? { metric: key as Metric, dim: '' } : { metric: key.slice(0, at) as Metric, dim: key.slice(at + 1) };
}

export function createEngagementBuffer(): EngagementBuffer {
  const days = new Map<string, CredentialDay>();
  /** By day, then credential id: no key string made per engagement. */
  const byDay = new Map<string, Map<string, number>>();
  const credentialDays: CredentialDay[] = [];
  const visitors = new Map<string, VisitorSet>();
  let entries = 0;
  let events = 0;
  return {
    days,
    visitors,
    credentialDays,
    get entries() {
      return entries;
    },
    get events() {
      return events;
    },
    add(credential, day, metric, dim, viewer) {
      let ofDay = byDay.get(day);
      if (!ofDay) byDay.set(day, (ofDay = new Map()));
      let index = ofDay.get(credential.id);
      if (index === undefined) {
        index = credentialDays.length;
        const fresh: CredentialDay = { credential, day, cells: new Map(), views: 0, verifications: 0 };
        credentialDays.push(fresh);
        ofDay.set(credential.id, index);
        days.set(`${day}\n${credential.id}`, fresh);
        entries++;
      }
      const cd = credentialDays[index]!;
      const cell = cellKey(metric, dim);
      const n = cd.cells.get(cell);
      if (n === undefined) entries++;
      cd.cells.set(cell, (n ?? 0) + 1);
      if (metric === 'viewed') cd.views++;
      else if (metric === 'verified') cd.verifications++;
      if (viewer !== undefined) {
        let seen = visitors.get(day);
        if (!seen) visitors.set(day, (seen = new VisitorSet()));
        if (seen.add(viewer[0]!, viewer[1]!, index)) entries++;
      }
      events++;
    },
  };
}
