import type { RenewalSettings } from '../api/types';

/** Days as typed ("90, 30, 7" or "60 14"): the numbers, or null (the defaults) when left blank. */
export function parseOffsets(text: string | undefined): number[] | null {
  const parts = (text ?? '').split(/[\s,;]+/).filter(Boolean);
  return parts.length === 0 ? null : parts.map((p) => (/^\d+$/.test(p) ? Number(p) : Number.NaN));
}

/** A certification's renewal settings from its form: mode, reminder days, grace period in days (`P<n>D`). */
export function renewalFromForm(v: Record<string, string>): RenewalSettings {
  const grace = (v.graceDays ?? '').trim();
  return {
    renewalMode: v.renewalMode === 'automatic' ? 'automatic' : 'manual',
    reminderOffsets: parseOffsets(v.reminderOffsets),
    gracePeriod: grace === '' ? null : `P${grace}D`,
  };
}

/** The grace period's days when it is a whole number of days (`P30D`), for the form. */
export function graceDays(iso: string | null | undefined): string {
  return /^P(\d+)D$/.exec(iso ?? '')?.[1] ?? '';
}
