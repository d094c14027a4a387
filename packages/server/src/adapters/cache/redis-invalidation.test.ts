import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createPublicCache } from './public-cache.js';
import { shareInvalidations } from './redis-invalidation.js';

describe('public cache invalidations over Redis', () => {
  it('an unreachable Redis does not hold startup: the instance serves from its own cache meanwhile', async () => {
    const cache = createPublicCache({ ttlMs: 5000 });
    const redis = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => undefined);
    const errors: unknown[] = [];
    const started = performance.now();
    const shared = await shareInvalidations(cache, redis, { onError: (e) => errors.push(e), waitMs: 500 });
    expect(performance.now() - started).toBeLessThan(2000);
    cache.set('page', 'a', { body: 'a', etag: '"a"' }, { epoch: cache.epoch });
    expect(cache.get('page', 'a')?.body).toBe('a');
    // A local change still drops the entry, though it cannot be told to anyone.
    cache.invalidate({ kind: 'pages' }, { local: true });
    expect(cache.get('page', 'a')).toBeUndefined();
    await shared.close();
    redis.disconnect();
  });
});
