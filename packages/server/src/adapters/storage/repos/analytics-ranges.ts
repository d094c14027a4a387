/** A range of days (YYYY-MM-DD, both included) as the calendar months it covers whole and the days left at its ends. */
export interface SplitRange {
  /** First and last month (YYYY-MM) covered whole, when there is one. */
  months?: readonly [string, string];
  /** The ranges of days outside those months: none, one or two. */
  days: ReadonlyArray<readonly [string, string]>;
}

const DAY_MS = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const firstOfMonth = (y: number, m: number) => Date.UTC(y, m, 1);

/**
 * Splits a range so that a reader takes whole months from the monthly rollup and only the days at the
 * ends from the daily one: a year then reads 11 or 12 months and at most ~60 days.
 */
export function splitByMonths(from: string, to: string): SplitRange {
  const a = new Date(`${from}T00:00:00Z`);
  const b = new Date(`${to}T00:00:00Z`);
  // The first day of the first whole month, and the day after the last whole month.
  const start = a.getUTCDate() === 1 ? a.getTime() : firstOfMonth(a.getUTCFullYear(), a.getUTCMonth() + 1);
  const afterLast = b.getTime() + DAY_MS === firstOfMonth(b.getUTCFullYear(), b.getUTCMonth() + 1) ? b.getTime() + DAY_MS : firstOfMonth(b.getUTCFullYear(), b.getUTCMonth());
  if (start >= afterLast) return { days: [[from, to]] };
  const days: Array<readonly [string, string]> = [];
  if (a.getTime() < start) days.push([from, iso(start - DAY_MS)]);
  if (afterLast <= b.getTime()) days.push([iso(afterLast), to]);
  return { months: [iso(start).slice(0, 7), iso(afterLast - DAY_MS).slice(0, 7)], days };
}
