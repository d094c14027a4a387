import { describe, expect, it } from 'vitest';
import { graceDays, parseOffsets, renewalFromForm } from './renewal-settings';

describe('renewal settings from the achievement form', () => {
  it('reads reminder days as typed, blank as the defaults', () => {
    expect(parseOffsets('90, 30, 7')).toEqual([90, 30, 7]);
    expect(parseOffsets(' 60 14 ')).toEqual([60, 14]);
    expect(parseOffsets('')).toBeNull();
    // not silently dropped: the server says what is wrong
    expect(parseOffsets('30, soon')).toEqual([30, Number.NaN]);
  });
  it('a grace period in days, and the mode', () => {
    expect(renewalFromForm({ renewalMode: 'automatic', graceDays: '30', reminderOffsets: '' })).toEqual({ renewalMode: 'automatic', gracePeriod: 'P30D', reminderOffsets: null });
    expect(renewalFromForm({ renewalMode: 'x', graceDays: ' ', reminderOffsets: '7' })).toEqual({ renewalMode: 'manual', gracePeriod: null, reminderOffsets: [7] });
    expect(graceDays('P30D')).toBe('30');
    expect(graceDays('P1M')).toBe('');
  });
});
