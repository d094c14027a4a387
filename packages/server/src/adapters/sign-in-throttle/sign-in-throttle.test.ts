import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { SignInThrottle, ThrottleRule } from '../../domain/sessions/ports.js';
import { clientKey, lockMs } from '../../domain/sessions/sign-in-throttle.js';
import { memorySignInThrottle } from './memory.js';
import { redisSignInThrottle } from './redis.js';

const redisUrl = inject('redisUrl');
const clients: Redis[] = [];
afterAll(() => {
  for (const c of clients) c.disconnect();
});
const newRedis = () => {
  const c = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  clients.push(c);
  return c;
};

const RULE: ThrottleRule = { lockAfter: 3, baseLockSeconds: 10, maxLockSeconds: 60, forgetAfterSeconds: 300 };
const OTHER: ThrottleRule = { lockAfter: 5, baseLockSeconds: 1, maxLockSeconds: 2, forgetAfterSeconds: 30 };
const T0 = Date.parse('2030-01-01T00:00:00Z');

/** One contract, every adapter: the counters behave the same in memory and in Redis. */
const adapters: [string, () => SignInThrottle][] = [['memory', () => memorySignInThrottle()]];
if (redisUrl) {
  const prefix = `laurel-test-${randomBytes(4).toString('hex')}:`;
  adapters.push(['redis', () => redisSignInThrottle(newRedis(), { prefix })]);
}

describe.each(adapters)('sign-in throttle contract (%s)', (_name, make) => {
  const key = () => `k:${randomBytes(6).toString('hex')}`;

  it('locks at the lockAfter-th failure, for the base time, then doubles up to the cap', async () => {
    const t = make();
    const k = key();
    let now = T0;
    expect(await t.recordFailure([{ key: k, rule: RULE }], now)).toBe(0);
    expect(await t.recordFailure([{ key: k, rule: RULE }], now)).toBe(0);
    expect(await t.lockedUntil([k], now)).toBe(0);
    expect(await t.recordFailure([{ key: k, rule: RULE }], now)).toBe(now + 10_000);
    expect(await t.lockedUntil([k], now)).toBe(now + 10_000);
    expect(await t.lockedUntil([k], now + 9_999)).toBe(now + 10_000);
    expect(await t.lockedUntil([k], now + 10_000)).toBe(0);
    const expected = [20_000, 40_000, 60_000, 60_000];
    for (const lock of expected) {
      now = (await t.lockedUntil([k], now)) || now;
      expect(await t.recordFailure([{ key: k, rule: RULE }], now)).toBe(now + lock);
    }
  });

  it('answers the latest lock of several keys, each counted under its own rule', async () => {
    const t = make();
    const [a, b] = [key(), key()];
    for (let i = 0; i < 4; i++) await t.recordFailure([{ key: a, rule: OTHER }, { key: b, rule: RULE }], T0);
    expect(await t.lockedUntil([a], T0)).toBe(0);
    expect(await t.lockedUntil([b], T0)).toBe(T0 + 20_000);
    expect(await t.lockedUntil([a, b], T0)).toBe(T0 + 20_000);
    expect(await t.recordFailure([{ key: a, rule: OTHER }], T0)).toBe(T0 + 1_000);
    expect(await t.lockedUntil([a, b, key()], T0)).toBe(T0 + 20_000);
  });

  it('clear forgets a key and leaves the others', async () => {
    const t = make();
    const [a, b] = [key(), key()];
    for (let i = 0; i < 3; i++) await t.recordFailure([{ key: a, rule: RULE }, { key: b, rule: RULE }], T0);
    await t.clear([a]);
    expect(await t.lockedUntil([a], T0)).toBe(0);
    expect(await t.lockedUntil([b], T0)).toBe(T0 + 10_000);
    // Counting starts over for the cleared key.
    expect(await t.recordFailure([{ key: a, rule: RULE }], T0)).toBe(0);
  });

  it('forgets failures after forgetAfterSeconds without one', async () => {
    const t = make();
    const k = key();
    const quick: ThrottleRule = { lockAfter: 2, baseLockSeconds: 1, maxLockSeconds: 1, forgetAfterSeconds: 1 };
    await t.recordFailure([{ key: k, rule: quick }], T0);
    // In memory the clock decides; in Redis the key's own expiry: wait past it for real (1 s).
    if (_name === 'redis') await new Promise((r) => setTimeout(r, 1_100));
    expect(await t.recordFailure([{ key: k, rule: quick }], T0 + 1_100)).toBe(0);
  });
});

describe.skipIf(!redisUrl)('redis throttle across instances', () => {
  it('two instances (two connections) over one Redis share the counters', async () => {
    const prefix = `laurel-test-${randomBytes(4).toString('hex')}:`;
    const [x, y] = [redisSignInThrottle(newRedis(), { prefix }), redisSignInThrottle(newRedis(), { prefix })];
    await x.recordFailure([{ key: 'k', rule: RULE }], T0);
    await y.recordFailure([{ key: 'k', rule: RULE }], T0);
    const until = await x.recordFailure([{ key: 'k', rule: RULE }], T0);
    expect(until).toBe(T0 + 10_000);
    expect(await y.lockedUntil(['k'], T0)).toBe(until);
    await y.clear(['k']);
    expect(await x.lockedUntil(['k'], T0)).toBe(0);
  });
});

describe('redis throttle when Redis fails', () => {
  it('keeps counting in memory instead of letting every guess through', async () => {
    const broken = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    broken.on('error', () => undefined);
    clients.push(broken);
    const errors: unknown[] = [];
    const t = redisSignInThrottle(broken, { onError: (e) => errors.push(e) });
    for (let i = 0; i < 3; i++) await t.recordFailure([{ key: 'x', rule: RULE }], T0);
    expect(await t.lockedUntil(['x'], T0)).toBe(T0 + 10_000);
    expect(errors.length).toBeGreaterThan(0);
  });
});

describe('memory throttle bounds', () => {
  it('keeps at most maxEntries counters', async () => {
    const t = memorySignInThrottle({ maxEntries: 100 });
    for (let i = 0; i < 1000; i++) await t.recordFailure([{ key: `k${i}`, rule: RULE }], T0);
    // The newest are still there; the oldest were dropped.
    for (let i = 0; i < 2; i++) await t.recordFailure([{ key: 'k999', rule: RULE }], T0);
    expect(await t.lockedUntil(['k999'], T0)).toBe(T0 + 10_000);
    for (let i = 0; i < 2; i++) await t.recordFailure([{ key: 'k0', rule: RULE }], T0);
    expect(await t.lockedUntil(['k0'], T0)).toBe(0);
  });
});

describe('the lock formula and the client key', () => {
  it('lockMs: none before lockAfter, base at lockAfter, doubling, capped, no overflow', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 1e9].map((f) => lockMs(f, RULE))).toEqual([0, 0, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped address as IPv4', () => {
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe(clientKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff'));
    expect(clientKey('2001:db8:1:2::1')).not.toBe(clientKey('2001:db8:1:3::1'));
    expect(clientKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(clientKey('192.0.2.7')).toBe('192.0.2.7');
    expect(clientKey(undefined)).toBe('unknown');
  });
});
