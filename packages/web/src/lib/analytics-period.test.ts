import { describe, expect, it } from 'vitest';
import { presetRange, rangeDays, suggestedInterval, validRange } from './analytics-period';

describe('analytics period presets', () => {
  const now = new Date('2026-03-01T23:30:00Z');
  it('30 and 90 days end today and include it', () => {
    expect(presetRange('30d', now)).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(rangeDays(presetRange('30d', now).from, '2026-03-01')).toBe(30);
    expect(rangeDays(presetRange('90d', now).from, '2026-03-01')).toBe(90);
  });
  it('12 months start the day after the same day a year ago', () => {
    expect(presetRange('12m', now)).toEqual({ from: '2025-03-02', to: '2026-03-01' });
  });
  it('suggests weeks past about three months', () => {
    expect(suggestedInterval('2026-01-01', '2026-03-31')).toBe('day');
    expect(suggestedInterval('2025-03-02', '2026-03-01')).toBe('week');
  });
  it('takes only ordered, real days', () => {
    expect(validRange('2026-01-01', '2026-01-01')).toBe(true);
    expect(validRange('2026-02-01', '2026-01-01')).toBe(false);
    expect(validRange('2026-1-1', '2026-01-02')).toBe(false);
    expect(validRange('', '2026-01-02')).toBe(false);
  });
});
