import { describe, expect, it } from 'vitest';
import { addDuration, parseDuration } from './validity.js';

describe('certification validity durations', () => {
  it('parses ISO 8601 durations and rejects nonsense', () => {
    expect(parseDuration('P2Y')).toMatchObject({ years: 2, months: 0 });
    expect(parseDuration('P1Y6M')).toMatchObject({ years: 1, months: 6 });
    expect(parseDuration('PT12H')).toMatchObject({ hours: 12 });
    for (const bad of ['', 'P', '2Y', 'PT', 'P1.5Y', 'P-1D']) expect(parseDuration(bad)).toBeUndefined();
  });

  it('adds calendar durations in UTC, clamping month ends', () => {
    const d = (s: string): Date => new Date(s);
    expect(addDuration(d('2026-01-31T10:00:00Z'), parseDuration('P1M')!).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addDuration(d('2024-02-29T00:00:00Z'), parseDuration('P1Y')!).toISOString()).toBe('2025-02-28T00:00:00.000Z');
    expect(addDuration(d('2026-03-01T00:00:00Z'), parseDuration('P2W1DT1H')!).toISOString()).toBe('2026-03-16T01:00:00.000Z');
  });
});
