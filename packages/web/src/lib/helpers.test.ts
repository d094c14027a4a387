import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { translate } from '../i18n/locales';
import { formatDuration, toIsoDuration } from './duration';
import { dateInputToIso, optional, splitTags } from './form';
import { hasRole } from './roles';

const t = (key: keyof typeof en, vars?: Record<string, string | number>) => translate(en, key, vars);

describe('form helpers', () => {
  it('splits, trims and de-duplicates tags', () => {
    expect(splitTags(' safety, first aid,,safety ,')).toEqual(['safety', 'first aid']);
    expect(splitTags(undefined)).toEqual([]);
  });

  it('drops empty optional values and turns date inputs into ISO date-times', () => {
    expect(optional('')).toBeUndefined();
    expect(optional('x')).toBe('x');
    expect(dateInputToIso('2025-03-01')).toBe('2025-03-01T00:00:00.000Z');
    expect(dateInputToIso('')).toBeUndefined();
  });
});

describe('durations', () => {
  it('builds ISO 8601 durations from an amount and a unit', () => {
    expect(toIsoDuration('2', 'years')).toBe('P2Y');
    expect(toIsoDuration('18', 'months')).toBe('P18M');
    expect(toIsoDuration('0', 'days')).toBeUndefined();
    expect(toIsoDuration('1.5', 'years')).toBeUndefined();
    expect(toIsoDuration('', 'years')).toBeUndefined();
  });

  it('formats durations for people', () => {
    expect(formatDuration('P2Y', t)).toBe('2 years');
    expect(formatDuration('P1M', t)).toBe('1 month');
    expect(formatDuration('P1Y6M', t)).toBe('1 year, 6 months');
    expect(formatDuration(null, t)).toBe('—');
  });
});

it('orders roles viewer < issuer < admin < owner', () => {
  expect(hasRole('admin', 'issuer')).toBe(true);
  expect(hasRole('issuer', 'admin')).toBe(false);
  expect(hasRole(null, 'viewer')).toBe(false);
});
