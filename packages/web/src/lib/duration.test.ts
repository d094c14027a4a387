import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { translate } from '../i18n/locales';
import { formatDuration, parseIsoDuration, toIsoDuration, validityFromForm, validityStart } from './duration';

const t = (key: keyof typeof en, vars?: Record<string, string | number>) => translate(en, key, vars);

/** What the edit form sends when saved untouched: the fields as they start, or "keep". */
function untouched(iso: string | null): string | null {
  const start = validityStart(iso);
  const v = start.mode === 'simple' ? { validityAmount: start.amount, validityUnit: start.unit } : { validityMode: 'keep' };
  return validityFromForm(v, iso);
}

describe('validity on the achievement edit form', () => {
  it('shows a one-unit period as its exact amount and unit', () => {
    expect(validityStart('P2Y')).toEqual({ mode: 'simple', amount: '2', unit: 'years' });
    expect(validityStart('P18M')).toEqual({ mode: 'simple', amount: '18', unit: 'months' });
    expect(validityStart('P2W')).toEqual({ mode: 'simple', amount: '2', unit: 'weeks' });
    expect(validityStart('P90D')).toEqual({ mode: 'simple', amount: '90', unit: 'days' });
    expect(validityStart('P365D')).toEqual({ mode: 'simple', amount: '365', unit: 'days' });
    expect(validityStart(null)).toEqual({ mode: 'simple', amount: '', unit: 'years' });
  });

  it('keeps anything else as written, offering the one-unit period with the same expiry when there is one', () => {
    expect(validityStart('P1Y6M')).toEqual({ mode: 'custom', iso: 'P1Y6M', equivalent: { amount: '18', unit: 'months' } });
    expect(validityStart('P1Y12M')).toEqual({ mode: 'custom', iso: 'P1Y12M', equivalent: { amount: '2', unit: 'years' } });
    expect(validityStart('P1W3D')).toEqual({ mode: 'custom', iso: 'P1W3D', equivalent: { amount: '10', unit: 'days' } });
    expect(validityStart('P1W7D')).toEqual({ mode: 'custom', iso: 'P1W7D', equivalent: { amount: '2', unit: 'weeks' } });
    // Written differently from what the fields would write back: kept, not normalised.
    expect(validityStart('P02Y')).toEqual({ mode: 'custom', iso: 'P02Y', equivalent: { amount: '2', unit: 'years' } });
    expect(validityStart('P5000D')).toEqual({ mode: 'custom', iso: 'P5000D', equivalent: undefined });
    // No one-unit equivalent: months and days add differently; time parts; zero; not a duration.
    for (const iso of ['P1M2D', 'PT12H', 'P1YT1S', 'P0D', 'P2W1DT1H', 'soon']) expect(validityStart(iso)).toEqual({ mode: 'custom', iso, equivalent: undefined });
  });

  it('sends every stored value back unchanged when the form is saved untouched', () => {
    for (const iso of [null, 'P2Y', 'P18M', 'P2W', 'P90D', 'P1Y6M', 'P1W3D', 'P02Y', 'P1M2D', 'PT12H', 'P0D', 'P2W1DT1H', 'P5000D']) expect(untouched(iso)).toBe(iso);
  });

  it('sends the new amount and unit when the period is changed, and null for no expiry', () => {
    expect(validityFromForm({ validityMode: 'change', validityAmount: '18', validityUnit: 'months' }, 'P1Y6M')).toBe('P18M');
    expect(validityFromForm({ validityMode: 'change', validityAmount: '', validityUnit: 'years' }, 'P1Y6M')).toBeNull();
    expect(validityFromForm({ validityAmount: '3', validityUnit: 'weeks' }, 'P2Y')).toBe('P3W');
    expect(validityFromForm({ validityAmount: '', validityUnit: 'years' }, 'P2Y')).toBeNull();
  });

  it('builds and parses ISO 8601 durations as the API does', () => {
    expect(toIsoDuration('2', 'weeks')).toBe('P2W');
    expect(parseIsoDuration('P1Y6M')).toEqual({ years: 1, months: 6, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 });
    expect(parseIsoDuration('P2W1DT1H')).toMatchObject({ weeks: 2, days: 1, hours: 1 });
    for (const bad of ['', 'P', '2Y', 'PT', 'P1.5Y', 'P-1D']) expect(parseIsoDuration(bad)).toBeUndefined();
  });

  it('formats any duration for people, and what is not one as written', () => {
    expect(formatDuration('P1Y6M', t)).toBe('1 year, 6 months');
    expect(formatDuration('P2W', t)).toBe('2 weeks');
    expect(formatDuration('P1DT12H', t)).toBe('1 day, 12 hours');
    expect(formatDuration('PT1M30S', t)).toBe('1 minute, 30 seconds');
    expect(formatDuration('P0D', t)).toBe('P0D');
    expect(formatDuration('soon', t)).toBe('soon');
  });
});
