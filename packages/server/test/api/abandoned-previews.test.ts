import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUntrustedWork } from '../../src/adapters/isolation/untrusted-work.js';
import { createTestApp, ENGINES, setupOrganisation, type TestContext } from '../support/test-app.js';

/** Slow to draw although every number in it is small (several seconds at 512 px), as in hostile-inputs.test.ts. */
const SLOW_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><filter id="f"><feMorphology radius="1"/></filter><g transform="scale(20)"><rect width="5" height="5" filter="url(#f)"/></g></svg>';

const design = (logoImageId: string | null = null) => ({
  orientation: 'landscape',
  pageSize: 'a4',
  accentColor: null,
  inkColor: '#1a2130',
  title: null,
  logoImageId,
  seal: 'badge',
  sealImageId: null,
  signatories: [],
});

/** Polls the pool until `ok` (no deadline of its own: a state that never comes fails by the test's timeout). */
const until = async (ok: () => boolean): Promise<void> => {
  while (!ok()) await new Promise((resolve) => setTimeout(resolve, 10));
};

/**
 * The certificate editor asks for a preview as the user types and drops the older request. A
 * dropped request's drawing must be withdrawn from the image renderers: still waiting, it never
 * runs; running, its renderer is stopped. A real socket, closed by the client: `inject` cannot
 * close one.
 */
describe.each(ENGINES)('previews whose client went away (%s)', (engine) => {
  let ctx: TestContext;
  let base: string;
  let apiKey: string;
  let slowLogoId: string;

  beforeAll(async () => {
    // One renderer, and waits long enough that nothing here is cut off by a deadline.
    ctx = await createTestApp(engine, { untrusted: createUntrustedWork({ images: { workers: 1, timeoutMs: 120_000, queueTimeoutMs: 120_000 } }) });
    const org = await setupOrganisation(ctx.app);
    apiKey = org.apiKey;
    // Stored as it is (uploads check the cost first): a logo the renderer needs seconds for.
    const data = new TextEncoder().encode(SLOW_SVG);
    slowLogoId = randomUUID();
    const sha256 = createHash('sha256').update(data).digest('hex');
    await ctx.deps.store.images.insert({ id: slowLogoId, orgId: org.organisationId, contentType: 'image/svg+xml', source: 'upload', data, sha256, width: 100, height: 100, bytes: data.byteLength, createdAt: new Date().toISOString() });
    base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await ctx?.close();
  });

  const preview = (achievementName: string, logoImageId: string | null, signal?: AbortSignal) =>
    fetch(`${base}/api/v1/certificate-templates/preview`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ design: design(logoImageId), kind: 'badge', recipientName: 'Ada Lovelace', achievementName, issuerName: 'Acme' }),
      ...(signal ? { signal } : {}),
    });

  /** The badge generator's live preview (an `<img>` whose address changes as the user types). */
  const badgePreview = (title: string, signal: AbortSignal) =>
    fetch(`${base}/api/v1/images/preview?${new URLSearchParams({ shape: 'shield', primary: '#2f855a', secondary: '#f6e05e', icon: 'trophy', title })}`, { headers: { authorization: `Bearer ${apiKey}` }, signal });

  it('a flood of dropped previews is never drawn, the one drawing is stopped, and the preview still wanted is drawn', async () => {
    const pool = ctx.deps.untrusted.images;
    const before = pool.stats().started;

    const slowCaller = new AbortController();
    const slow = preview('Slow logo', slowLogoId, slowCaller.signal).catch((e: Error) => e.name);
    await until(() => pool.stats().running === 1);
    // Each has its own name, so its own badge to draw (no cache answers it): each waits for the renderer.
    // Half are certificate previews, half the badge generator's.
    const flood = Array.from({ length: 8 }, (_, i) => {
      const caller = new AbortController();
      const asked = i % 2 === 0 ? preview(`Typed ${i}`, null, caller.signal) : badgePreview(`Typed ${i}`, caller.signal);
      return { caller, answer: asked.catch((e: Error) => e.name) };
    });
    await until(() => pool.stats().queued === 8);

    for (const { caller } of flood) caller.abort();
    expect(await Promise.all(flood.map((f) => f.answer))).toEqual(Array(8).fill('AbortError'));
    await until(() => pool.stats().queued === 0);
    expect(pool.stats().running).toBe(1);

    slowCaller.abort();
    expect(await slow).toBe('AbortError');
    // Its renderer is terminated: one that had finished the drawing would stay, idle, for the next.
    await until(() => pool.stats().runners === 0);

    const wanted = await preview('Wanted', null);
    expect(wanted.status, await wanted.clone().text().catch(() => '')).toBe(200);
    expect(wanted.headers.get('content-type')).toBe('application/pdf');
    expect((await wanted.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    // Handed to a renderer: the slow logo, then the wanted preview's badge; none of the dropped ones.
    expect(pool.stats().started - before).toBe(2);
  });

  it('a drawing withdrawn is not remembered as the artwork’s outcome: the same logo is drawn again when asked', async () => {
    const pool = ctx.deps.untrusted.images;
    const caller = new AbortController();
    const dropped = preview('Slow again', slowLogoId, caller.signal).catch((e: Error) => e.name);
    await until(() => pool.stats().running === 1);
    const started = pool.stats().started;
    caller.abort();
    expect(await dropped).toBe('AbortError');
    await until(() => pool.stats().running === 0);
    // Asked again (and dropped again): it reaches a renderer, rather than failing from a remembered refusal.
    const again = new AbortController();
    const second = preview('Slow again', slowLogoId, again.signal).catch((e: Error) => e.name);
    await until(() => pool.stats().started === started + 1);
    again.abort();
    expect(await second).toBe('AbortError');
  });
});
