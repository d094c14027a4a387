/** ISO 8601 durations (`P2Y`, `P18M`, `P1Y6M`, `P90D`, `PT12H`) for certification validity. */
const DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

export function parseDuration(text: string): Duration | undefined {
  const m = DURATION.exec(text);
  if (!m) return undefined;
  const n = (i: number): number => Number(m[i] ?? 0);
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

export const isDuration = (text: string): boolean => parseDuration(text) !== undefined;

/** `start` plus `duration` in UTC calendar arithmetic; month ends clamp (Jan 31 + P1M = Feb 28/29). */
export function addDuration(start: Date, duration: Duration): Date {
  const d = new Date(start.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCFullYear(d.getUTCFullYear() + duration.years);
  d.setUTCMonth(d.getUTCMonth() + duration.months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  const ms = ((duration.weeks * 7 + duration.days) * 86400 + duration.hours * 3600 + duration.minutes * 60 + duration.seconds) * 1000;
  return new Date(d.getTime() + ms);
}
