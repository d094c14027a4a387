import { describe, expect, it } from 'vitest';
import { StatusIndexReservations, drawCandidates, drawLimit, type HeldIndexes } from './status-index-reservation.js';

const held = (): HeldIndexes => ({ issuerId: '', indexes: [] });
/** A random source that counts its draws and returns the given values in turn (then the last one forever). */
function scripted(values: number[]) {
  let n = 0;
  return { draws: () => n, int: (max: number) => Math.min(max - 1, values[Math.min(n++, values.length - 1)]!) };
}

describe('status index reservations of one process', () => {
  it('avoids the others\' held indexes while they and twice the draw leave half the list free, and only the same issuer\'s', () => {
    const r = new StatusIndexReservations();
    const a = held();
    r.hold(a, 'issuer-1', [1, 2, 3, 4]);
    // 4 held + 2·48 = 100 ≤ 200/2: avoided.
    expect([1, 2, 3, 4, 5].map((i) => r.avoidFor('issuer-1', 200, 48)?.has(i))).toEqual([true, true, true, true, false]);
    // 4 + 2·49 = 102 > 100: too crowded to avoid (the unique index guards alone), so a draw can always end.
    expect(r.avoidFor('issuer-1', 200, 49)).toBeUndefined();
    expect(r.avoidFor('issuer-2', 200, 1)).toBeUndefined();
  });

  it('releases exactly what an attempt held, and forgets an issuer with nothing held', () => {
    const r = new StatusIndexReservations();
    const a = held();
    const b = held();
    r.hold(a, 'i', [1, 2]);
    r.hold(b, 'i', [3]);
    r.hold(a, 'i', [4]);
    expect(r.heldCount('i')).toBe(4);
    r.release(a);
    expect([1, 2, 3, 4].map((i) => r.avoidFor('i', 1000, 1)?.has(i))).toEqual([false, false, true, false]);
    r.release(a); // twice: nothing more
    expect(r.heldCount('i')).toBe(1);
    r.release(b);
    expect(r.heldCount('i')).toBe(0);
    expect(r.avoidFor('i', 1000, 1)).toBeUndefined();
    r.release(held()); // an attempt that never drew
  });

  it('an index two attempts hold (a list too crowded to avoid) stays held until both gave it back; a look-up\'s taken draws are dropped', () => {
    const r = new StatusIndexReservations();
    const a = held();
    const b = held();
    r.hold(a, 'i', [7, 8, 9]);
    r.hold(b, 'i', [7]);
    r.drop(a, [7, 8]);
    expect(a.indexes).toEqual([9]);
    expect(r.avoidFor('i', 1000, 1)?.has(7)).toBe(true);
    expect(r.avoidFor('i', 1000, 1)?.has(8)).toBe(false);
    r.release(b);
    expect(r.avoidFor('i', 1000, 1)?.has(7)).toBe(false);
    expect(r.heldCount('i')).toBe(1);
  });

  it('draws distinct candidates outside what is chosen and avoided', () => {
    const random = scripted([5, 1, 5, 2, 7, 3, 9]);
    const c = drawCandidates(random, 10, 3, new Set([1]), new Set([2, 3]));
    expect([...c]).toEqual([5, 7, 9]);
    expect(random.draws()).toBe(7);
  });

  it('stops after a bounded number of draws when the list has nothing left to give', () => {
    // Every draw is avoided: the loop ends with no candidate after drawLimit draws, never spins.
    const random = scripted([0]);
    const c = drawCandidates(random, 1, 10, new Set(), new Set([0]));
    expect(c.size).toBe(0);
    expect(random.draws()).toBe(drawLimit(10));
  });
});
