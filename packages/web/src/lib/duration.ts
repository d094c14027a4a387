import type { MessageKey } from '../i18n/en';

/** The units the validity form edits; each is one ISO 8601 designator (`P2Y`, `P18M`, `P2W`, `P90D`). */
export const DURATION_UNITS = ['years', 'months', 'weeks', 'days'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** The largest amount the validity field takes (a stored value above it is kept as it is). */
export const MAX_DURATION_AMOUNT = 1000;

const DESIGNATOR: Record<DurationUnit, string> = { years: 'Y', months: 'M', weeks: 'W', days: 'D' };
const UNIT_OF: Record<string, DurationUnit> = { Y: 'years', M: 'months', W: 'weeks', D: 'days' };

/** 2 + 'years' → 'P2Y'; a missing or non-positive amount → undefined. */
export function toIsoDuration(amount: string | undefined, unit: string | undefined): string | undefined {
  const n = Number(amount);
  if (!amount || !Number.isInteger(n) || n <= 0) return undefined;
  const designator = DESIGNATOR[(unit ?? 'years') as DurationUnit] ?? 'Y';
  return `P${n}${designator}`;
}

/** The parts of an ISO 8601 duration, as the API accepts them (the server's `validity.ts` grammar). */
export interface DurationParts {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const ISO_DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const PART_NAMES = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;

export function parseIsoDuration(iso: string): DurationParts | undefined {
  const m = ISO_DURATION.exec(iso);
  if (!m) return undefined;
  return Object.fromEntries(PART_NAMES.map((name, i) => [name, Number(m[i + 1] ?? 0)])) as unknown as DurationParts;
}

export interface AmountAndUnit {
  amount: string;
  unit: DurationUnit;
}

/**
 * How the validity form starts from a stored value. `simple`: the amount and unit write back exactly
 * the stored text (or there is none). `custom`: anything else (`P1Y6M`, `PT12H`, `P02Y`, an amount over
 * the field's limit): shown as it is and kept unless the person chooses a new period; `equivalent` is
 * the one-unit period that gives the same expiry dates, to start from when they do.
 */
export type ValidityStart = ({ mode: 'simple' } & AmountAndUnit) | { mode: 'custom'; iso: string; equivalent: AmountAndUnit | undefined };

export function validityStart(iso: string | null | undefined): ValidityStart {
  if (!iso) return { mode: 'simple', amount: '', unit: 'years' };
  const simple = /^P(\d+)([YMWD])$/.exec(iso);
  if (simple) {
    const start = { mode: 'simple', amount: simple[1]!, unit: UNIT_OF[simple[2]!]! } as const;
    if (toIsoDuration(start.amount, start.unit) === iso && Number(start.amount) <= MAX_DURATION_AMOUNT) return start;
  }
  const parts = parseIsoDuration(iso);
  return { mode: 'custom', iso, equivalent: parts && equivalentOf(parts) };
}

/**
 * The one-unit amount that lands on the same date: expiry adds years × 12 + months calendar months,
 * then weeks × 7 + days days, then the time; so P1Y6M is 18 months, P1W3D 10 days, P1M2D nothing.
 */
function equivalentOf(d: DurationParts): AmountAndUnit | undefined {
  if (d.hours || d.minutes || d.seconds) return undefined;
  const months = d.years * 12 + d.months;
  const days = d.weeks * 7 + d.days;
  if (months && days) return undefined;
  const [amount, unit]: [number, DurationUnit] = months ? (months % 12 ? [months, 'months'] : [months / 12, 'years']) : days % 7 ? [days, 'days'] : [days / 7, 'weeks'];
  return amount > 0 && amount <= MAX_DURATION_AMOUNT ? { amount: String(amount), unit } : undefined;
}

/** The validity the achievement form sends: the stored value when kept, else the amount and unit (null: never expires). */
export function validityFromForm(v: Record<string, string | undefined>, current: string | null): string | null {
  if (v.validityMode === 'keep') return current;
  return toIsoDuration(v.validityAmount, v.validityUnit) ?? null;
}

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;
const SINGULAR = { years: 'year', months: 'month', weeks: 'week', days: 'day', hours: 'hour', minutes: 'minute', seconds: 'second' } as const;

/** 'P2Y' → '2 years'; 'P1Y6M' → '1 year, 6 months'; what is not a duration, or is zero, is shown as written. */
export function formatDuration(iso: string | null, t: T): string {
  if (!iso) return t('common.none');
  const parts = parseIsoDuration(iso);
  const shown = parts ? PART_NAMES.filter((name) => parts[name] > 0) : [];
  if (!parts || shown.length === 0) return iso;
  return shown.map((name) => (parts[name] === 1 ? t(`duration.${SINGULAR[name]}`) : t(`duration.${name}`, { n: parts[name] }))).join(', ');
}
