import type { Achievement } from '../achievements/ports.js';

/** Days before expiry when an earner is reminded, unless the achievement sets its own. */
export const DEFAULT_REMINDER_OFFSETS: readonly number[] = [90, 30, 7];

const DAY_MS = 86_400_000;

/** The achievement's offsets (largest first), or the defaults. */
export function reminderOffsetsOf(a: Pick<Achievement, 'reminderOffsets'>): number[] {
  return [...(a.reminderOffsets ?? DEFAULT_REMINDER_OFFSETS)].sort((x, y) => y - x);
}

/**
 * The offset a reminder is due for at `now`: the smallest offset whose moment (expiry minus that many days)
 * has come, while the credential has not expired. One reminder per offset; when the sweep first sees a
 * credential late (say 20 days before), only the nearest offset (30) is due, never the missed 90 as well.
 */
export function dueOffset(expiresAt: string, offsets: readonly number[], now: Date): number | undefined {
  const left = Date.parse(expiresAt) - now.getTime();
  if (!(left > 0)) return undefined;
  const passed = offsets.filter((d) => left <= d * DAY_MS);
  return passed.length === 0 ? undefined : Math.min(...passed);
}

export const daysToMs = (days: number): number => days * DAY_MS;
