import { describe, expect, it } from 'vitest';
import { Lru } from './lru.js';

describe('Lru', () => {
  it('stays bounded and evicts the least recently used entries', () => {
    const lru = new Lru<string, number>(8);
    for (let i = 0; i < 100; i++) lru.set(`k${i}`, i);
    expect(lru.size).toBe(8);
    expect(lru.get('k91')).toBeUndefined();
    expect(lru.get('k92')).toBe(92);
    expect(lru.get('k99')).toBe(99);
  });

  it('keeps an entry that is read between insertions', () => {
    const lru = new Lru<string, number>(8);
    lru.set('hot', -1);
    for (let i = 0; i < 1000; i++) {
      lru.set(`k${i}`, i);
      expect(lru.get('hot')).toBe(-1);
    }
    expect(lru.size).toBe(8);
  });

  it('replaces and deletes', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('a', 2);
    expect(lru.get('a')).toBe(2);
    lru.delete('a');
    expect(lru.get('a')).toBeUndefined();
    expect(lru.size).toBe(0);
  });
});
