import { describe, expect, it } from 'vitest';
import type { BulkRow } from '../../../domain/bulk/ports.js';
import { BulkRowsCache } from './bulk-rows-cache.js';

const rows = (n: number): BulkRow[] => Array.from({ length: n }, (_, i) => ({ row: i + 2, name: null, email: `e${i}@example.org`, evidenceUrl: null, narrative: null, issuedOn: null }));

describe('BulkRowsCache', () => {
  it('answers only for the same sealed value (its start, with the IV)', () => {
    const cache = new BulkRowsCache();
    const r = rows(3);
    cache.set('imp-1', 'pd1.k.IVone', r);
    expect(cache.get('imp-1', 'pd1.k.IVone')).toBe(r);
    expect(cache.get('imp-1', 'pd1.k.IVtwo')).toBeUndefined();
    expect(cache.get('imp-2', 'pd1.k.IVone')).toBeUndefined();
  });

  it('holds at most maxRows rows, dropping the least recently used import, and never one larger than that', () => {
    const cache = new BulkRowsCache(10);
    cache.set('a', 'fa', rows(4));
    cache.set('b', 'fb', rows(4));
    cache.get('a', 'fa');
    cache.set('c', 'fc', rows(4));
    expect(cache.get('b', 'fb')).toBeUndefined();
    expect(cache.get('a', 'fa')).toHaveLength(4);
    expect(cache.get('c', 'fc')).toHaveLength(4);
    cache.set('d', 'fd', rows(11));
    expect(cache.get('d', 'fd')).toBeUndefined();
  });

  it('forgets an import idle for idleMs', () => {
    let now = 0;
    const cache = new BulkRowsCache(100, 1000, () => now);
    cache.set('a', 'fa', rows(2));
    now = 999;
    expect(cache.get('a', 'fa')).toHaveLength(2);
    now = 2000;
    expect(cache.size()).toBe(0);
    expect(cache.get('a', 'fa')).toBeUndefined();
  });
});
