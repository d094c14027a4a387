import { randomBytes, randomInt } from 'node:crypto';
import { Redis } from 'ioredis';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { redisSignInThrottle } from '../../src/adapters/sign-in-throttle/redis.js';
import type { Clock } from '../../src/domain/shared/ports.js';
import { ENGINES, PASSWORD, addMemberByInvitation, apiClient, createTestApp, registerAccount, setupOrganisation, type TestContext } from '../support/test-app.js';

/** A clock the test moves by hand: locks lapse without sleeping. */
function handClock(start = Date.parse('2031-03-01T09:00:00Z')) {
  let now = start;
  const clock: Clock = { now: () => new Date(now) };
  return { clock, advance: (seconds: number) => void (now += seconds * 1000) };
}

const signIn = (ctx: TestContext, email: string, password: string, ip: string, requestId = randomBytes(8).toString('hex')) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password }, remoteAddress: ip, headers: { 'x-request-id': requestId } });

const retryAfter = (res: LightMyRequestResponse): number => Number(res.headers['retry-after']);

describe.each(ENGINES)('password sign-in is throttled per account and per client (%s)', (engine) => {
  let ctx: TestContext;
  const time = handClock();
  let n = 0;

  /** A fresh member with a password (each test its own account and addresses). */
  const account = async () => {
    const email = `person-${++n}@acme.example`;
    await addMemberByInvitation(ctx, apiClient(ctx.app, apiKey), email, 'viewer');
    return email;
  };
  let apiKey: string;

  beforeAll(async () => {
    ctx = await createTestApp(engine, { clock: time.clock });
    apiKey = (await setupOrganisation(ctx.app)).apiKey;
  });
  afterAll(async () => ctx?.close());

  it('20 wrong passwords lock the account with 429 + Retry-After; the right password is refused until the lock lapses', async () => {
    const email = await account();
    const statuses: number[] = [];
    let locked: LightMyRequestResponse | undefined;
    for (let i = 0; i < 20; i++) {
      const res = await signIn(ctx, email, `wrong password ${i}`, '198.51.100.10');
      statuses.push(res.statusCode);
      if (res.statusCode === 429) locked ??= res;
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual(Array(15).fill(429));
    expect(locked!.headers['content-type']).toContain('application/problem+json');
    expect(locked!.json()).toMatchObject({ type: 'https://laurel.dev/problems/rate-limited', status: 429 });
    expect(retryAfter(locked!)).toBe(30);

    // The right password is no key while locked, and gives no hint that it was right.
    const right = await signIn(ctx, email, PASSWORD, '198.51.100.10');
    expect(right.statusCode).toBe(429);
    expect(right.headers['set-cookie']).toBeUndefined();
    time.advance(29);
    expect((await signIn(ctx, email, PASSWORD, '198.51.100.10')).statusCode).toBe(429);
    time.advance(1);
    const after = await signIn(ctx, email, PASSWORD, '198.51.100.10');
    expect(after.statusCode).toBe(200);
    expect(String(after.headers['set-cookie'])).toContain('laurel_session=');
    // A success clears the account's count: the next mistake is an ordinary 401.
    expect((await signIn(ctx, email, 'wrong again', '198.51.100.10')).statusCode).toBe(401);
  });

  it('locks grow with each failure after a lapse, and stay bounded (15 minutes at most)', async () => {
    const email = await account();
    for (let i = 0; i < 5; i++) await signIn(ctx, email, 'nope nope nope', '198.51.100.11');
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const locked = await signIn(ctx, email, 'nope nope nope', '198.51.100.11');
      expect(locked.statusCode).toBe(429);
      waits.push(retryAfter(locked));
      time.advance(retryAfter(locked));
      expect((await signIn(ctx, email, 'nope nope nope', '198.51.100.11')).statusCode).toBe(401); // counted: the next lock is longer
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 900, 900, 900]);
    time.advance(900);
  });

  it('answers an address with no account byte for byte like a real one', async () => {
    const email = await account();
    const unknown = `nobody-${n}@acme.example`;
    for (let i = 0; i < 8; i++) {
      const id = `same-request-id-${i}`;
      const real = await signIn(ctx, email, 'a wrong password', '198.51.100.20', id);
      const none = await signIn(ctx, unknown, 'a wrong password', '198.51.100.21', id);
      expect(none.statusCode, `attempt ${i + 1}`).toBe(real.statusCode);
      expect(none.body).toBe(real.body);
      for (const h of ['content-type', 'content-length', 'retry-after', 'set-cookie']) expect(none.headers[h], h).toEqual(real.headers[h]);
    }
    expect((await signIn(ctx, unknown, 'x', '198.51.100.21')).statusCode).toBe(429);
    time.advance(900);
  });

  it('another client is not locked out by one guesser at the same account', async () => {
    const email = await account();
    for (let i = 0; i < 8; i++) await signIn(ctx, email, 'guess guess guess', '203.0.113.66');
    expect((await signIn(ctx, email, PASSWORD, '203.0.113.66')).statusCode).toBe(429);
    expect((await signIn(ctx, email, PASSWORD, '192.0.2.200')).statusCode).toBe(200);
  });

  it('many guessers at one account (20 failures from different clients) lock it from everywhere, for a bounded time', async () => {
    const email = await account();
    for (let i = 0; i < 20; i++) expect((await signIn(ctx, email, 'spread guess', `203.0.113.${100 + i}`)).statusCode).toBe(401);
    const fresh = await signIn(ctx, email, PASSWORD, '192.0.2.201');
    expect(fresh.statusCode).toBe(429);
    expect(retryAfter(fresh)).toBe(60);
    time.advance(60);
    expect((await signIn(ctx, email, PASSWORD, '192.0.2.201')).statusCode).toBe(200);
  });

  it('one client trying many accounts is locked per client (even for a right password); other clients are not', async () => {
    const email = await account();
    const ip = '203.0.113.77';
    const statuses: number[] = [];
    for (let i = 0; i < 51; i++) statuses.push((await signIn(ctx, `spray-${i}@acme.example`, 'Summer2031!', ip)).statusCode);
    expect(statuses.slice(0, 50)).toEqual(Array(50).fill(401));
    expect(statuses[50]).toBe(429);
    const mine = await signIn(ctx, email, PASSWORD, ip);
    expect(mine.statusCode).toBe(429);
    expect(retryAfter(mine)).toBe(60);
    expect((await signIn(ctx, email, PASSWORD, '192.0.2.202')).statusCode).toBe(200);
    // Signing in to an account of one's own does not reset the client's count.
    time.advance(60);
    expect((await signIn(ctx, email, PASSWORD, ip)).statusCode).toBe(200);
    expect((await signIn(ctx, 'spray-x@acme.example', 'Summer2031!', ip)).statusCode).toBe(401);
    expect((await signIn(ctx, email, PASSWORD, ip)).statusCode).toBe(429);
    time.advance(3600);
  });

  it('IPv6 clients are counted by their /64', async () => {
    const email = await account();
    for (let i = 0; i < 5; i++) await signIn(ctx, email, 'v6 guess', `2001:db8:aa:bb::${i + 1}`);
    expect((await signIn(ctx, email, PASSWORD, '2001:db8:aa:bb:ffff::9')).statusCode).toBe(429);
    expect((await signIn(ctx, email, PASSWORD, '2001:db8:aa:cc::9')).statusCode).toBe(200);
  });

  it('e-mailed sign-in links: five per address, then 429 with Retry-After, for unknown addresses alike', async () => {
    const email = await account();
    const ask = (address: string, i: number) => ctx.app.inject({ method: 'POST', url: '/api/v1/session/link', payload: { email: address }, remoteAddress: `192.0.2.${10 + i}`, headers: { 'x-request-id': `link-request-${i}` } });
    for (const address of [email, `nobody-link-${n}@acme.example`]) {
      const statuses: number[] = [];
      let last: LightMyRequestResponse | undefined;
      for (let i = 0; i < 7; i++) {
        last = await ask(address.toUpperCase(), i); // one address however it is spelled
        statuses.push(last.statusCode);
      }
      expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
      expect(retryAfter(last!)).toBe(60);
      expect(last!.json().type).toBe('https://laurel.dev/problems/rate-limited');
    }
    // The payloads are sealed at rest (they name the address): read through the queue.
    const ids = await ctx.storage.db.selectFrom('jobs').select('id').where('name', '=', 'email.link').execute();
    const jobs = await Promise.all(ids.map(async (j) => (await ctx.deps.store.jobs.get(j.id))!));
    expect(jobs.filter((j) => JSON.stringify(j.payload).includes(email)).length).toBe(5);
    time.advance(60);
    expect((await ask(email, 99)).statusCode).toBe(202);
  });
});

describe.each(ENGINES)('first-run setup with an existing account is a password check too (%s)', (engine) => {
  let ctx: TestContext;
  const time = handClock();
  beforeAll(async () => {
    ctx = await createTestApp(engine, { clock: time.clock });
  });
  afterAll(async () => ctx?.close());

  it("guessing an earner's password through /setup is locked like sign-in", async () => {
    await registerAccount(ctx, 'earner@example.org');
    const setup = (password: string) =>
      ctx.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { organisationName: 'Mine now', email: 'earner@example.org', password }, remoteAddress: '203.0.113.9' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await setup(`guess number ${i}`)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await setup(PASSWORD)).statusCode).toBe(429);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ needed: true });
  });
});

const redisUrl = inject('redisUrl');

describe.skipIf(!redisUrl)('sign-in counters shared by two instances through Redis', () => {
  let a: TestContext;
  let b: TestContext;
  const clients: Redis[] = [];
  const time = handClock();

  beforeAll(async () => {
    const prefix = `laurel-test-${randomBytes(4).toString('hex')}:`;
    const shared = () => {
      const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
      clients.push(client);
      return redisSignInThrottle(client, { prefix });
    };
    a = await createTestApp('sqlite', { clock: time.clock, signInThrottle: shared() });
    b = await createTestApp('sqlite', { clock: time.clock, signInThrottle: shared() });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    for (const c of clients) c.disconnect();
  });

  it('failures on either instance count together, and the lock holds on both', async () => {
    const email = `shared-${randomInt(1e9)}@acme.example`;
    const ip = `198.51.100.${randomInt(1, 250)}`;
    const statuses: number[] = [];
    for (const ctx of [a, b, a, b, a, b]) statuses.push((await signIn(ctx, email, 'wrong wrong', ip)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const onA = await signIn(a, email, 'wrong wrong', ip);
    expect(onA.statusCode).toBe(429);
    expect(retryAfter(onA)).toBe(30);
    time.advance(30);
    expect((await signIn(b, email, 'wrong wrong', ip)).statusCode).toBe(401);
    expect(retryAfter(await signIn(a, email, 'wrong wrong', ip))).toBe(60);
  });
});
