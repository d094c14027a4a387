import type { MessageKey } from '../i18n/en';

export const DURATION_UNITS = ['years', 'months', 'days'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

const DESIGNATOR: Record<DurationUnit, string> = { years: 'Y', months: 'M', days: 'D' };

/** 2 + 'years' → 'P2Y'; a missing or non-positive amount → undefined. */
export function toIsoDuration(amount: string | undefined, unit: string | undefined): string | undefined {
  const n = Number(amount);
  if (!amount || !Number.isInteger(n) || n <= 0) return undefined;
  const designator = DESIGNATOR[(unit ?? 'years') as DurationUnit] ?? 'Y';
  return `P${n}${designator}`;
}

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** 'P2Y' → '2 years'; anything more complex is shown as written. */
export function formatDuration(iso: string | null, t: T): string {
  if (!iso) return t('common.none');
  const match = /^P(\d+)([YMD])$/.exec(iso);
  if (!match) return iso;
  const n = Number(match[1]);
  const unit = ({ Y: 'year', M: 'month', D: 'day' } as const)[match[2] as 'Y' | 'M' | 'D'];
  return n === 1 ? t(`duration.${unit}`) : t(`duration.${unit}s`, { n });
}
