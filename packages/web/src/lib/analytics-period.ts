/** The dashboard's period presets, as UTC days (YYYY-MM-DD, both ends included), as the API counts them. */
export const PERIOD_PRESETS = ['30d', '90d', '12m', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `to` is today (UTC); 30 and 90 days include today; 12 months start the day after the same day a year ago. */
export function presetRange(preset: Exclude<PeriodPreset, 'custom'>, now: Date): { from: string; to: string } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (preset === '12m') {
    const yearAgo = Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), now.getUTCDate());
    return { from: day(yearAgo + DAY_MS), to: day(today) };
  }
  const days = preset === '30d' ? 30 : 90;
  return { from: day(today - (days - 1) * DAY_MS), to: day(today) };
}

/** Days spanned by a range (both ends included); weeks read better than days past ~3 months. */
export function rangeDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

export const suggestedInterval = (from: string, to: string): 'day' | 'week' => (rangeDays(from, to) > 92 ? 'week' : 'day');

/** A custom range the API will take: two valid days, in order. */
export function validRange(from: string, to: string): boolean {
  const re = /^\d{4}-\d{2}-\d{2}$/;
  return re.test(from) && re.test(to) && !Number.isNaN(Date.parse(from)) && !Number.isNaN(Date.parse(to)) && from <= to;
}
