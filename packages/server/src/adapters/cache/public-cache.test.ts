import { describe, expect, it } from 'vitest';
import { createPublicCache } from './public-cache.js';

describe('public cache', () => {
  const answer = (body: string) => ({ body, etag: `"${body}"` });

  it("drops a credential's pages, and only those, when it changes", () => {
    const cache = createPublicCache({ ttlMs: 60_000 });
    cache.set('page', 'a:en', answer('a-en'), { epoch: cache.epoch, tags: ['credential:a'] });
    cache.set('page', 'a:fr', answer('a-fr'), { epoch: cache.epoch, tags: ['credential:a'] });
    cache.set('page', 'b:en', answer('b-en'), { epoch: cache.epoch, tags: ['credential:b'] });
    cache.set('status', 'list', answer('bits'), { epoch: cache.epoch });
    expect(cache.get('page', 'a:fr')?.body).toBe('a-fr');
    cache.invalidate({ kind: 'credential', id: 'a' });
    expect(cache.get('page', 'a:en')).toBeUndefined();
    expect(cache.get('page', 'a:fr')).toBeUndefined();
    expect(cache.get('page', 'b:en')?.body).toBe('b-en');
    expect(cache.get('status', 'list')?.body).toBe('bits');
    cache.invalidate({ kind: 'status-lists' });
    expect(cache.get('status', 'list')).toBeUndefined();
    expect(cache.get('page', 'b:en')).toBeDefined();
    cache.invalidate({ kind: 'pages' });
    expect(cache.get('page', 'b:en')).toBeUndefined();
  });

  it('does not keep a fill that started before an invalidation (it may hold what changed)', () => {
    const cache = createPublicCache({ ttlMs: 60_000 });
    const before = cache.epoch;
    cache.invalidate({ kind: 'credential', id: 'a' });
    cache.set('page', 'a:en', answer('stale'), { epoch: before, tags: ['credential:a'] });
    expect(cache.get('page', 'a:en')).toBeUndefined();
  });

  it('forgets entries at their time to live or their own end, whichever is first', () => {
    let now = 1_000;
    const cache = createPublicCache({ ttlMs: 5_000, now: () => now });
    cache.set('page', 'a', answer('a'), { epoch: cache.epoch });
    cache.set('page', 'b', answer('b'), { epoch: cache.epoch, until: 2_000 });
    now = 2_000;
    expect(cache.get('page', 'b')).toBeUndefined();
    expect(cache.get('page', 'a')).toBeDefined();
    now = 6_000;
    expect(cache.get('page', 'a')).toBeUndefined();
  });

  it('stays within its size, dropping the least recently used first', () => {
    const cache = createPublicCache({ ttlMs: 60_000, maxBytes: 80_000 });
    const body = (c: string) => c.repeat(10_000 / 2);
    for (const k of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) cache.set('page', k, answer(body(k)), { epoch: cache.epoch });
    expect(cache.get('page', 'a')).toBeDefined();
    cache.set('page', 'i', answer(body('i')), { epoch: cache.epoch });
    expect(cache.get('page', 'b')).toBeUndefined();
    expect(cache.get('page', 'a')).toBeDefined();
    expect(cache.stats().bytes).toBeLessThanOrEqual(80_000);
  });

  it('keeps nothing with a time to live of 0, and tells listeners of local changes only', () => {
    const off = createPublicCache({ ttlMs: 0 });
    off.set('page', 'a', answer('a'), { epoch: off.epoch });
    expect(off.get('page', 'a')).toBeUndefined();
    const heard: unknown[] = [];
    off.onLocalChange((c) => heard.push(c));
    off.invalidate({ kind: 'pages' });
    off.invalidate({ kind: 'credential', id: 'x' }, { local: true });
    expect(heard).toEqual([{ kind: 'credential', id: 'x' }]);
  });
});
