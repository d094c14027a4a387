import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestApp, type TestContext, organisationWithAchievement } from '../support/test-app.js';

const iconHrefs = (body: string): string[] => [...body.matchAll(/<link rel="icon"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);

describe.each(ENGINES)('favicon (%s)', (engine) => {
  let ctx: TestContext;
  let credentialId: string;
  let issuerId: string;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    const organisation = await organisationWithAchievement(ctx.app);
    issuerId = organisation.issuerId;
    credentialId = (await organisation.api.post('/api/v1/credentials', { achievementId: organisation.achievementId, recipient: { email: 'ada@example.org' } })).json().id;
  });
  afterAll(async () => ctx?.close());

  it('/favicon.ico is a real ICO (a 32x32 PNG inside), cacheable', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/favicon.ico' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/x-icon');
    const bytes = res.rawPayload;
    expect([...bytes.subarray(0, 6)]).toEqual([0, 0, 1, 0, 1, 0]); // ICONDIR: type 1 (icon), one image
    expect(bytes[6]).toBe(32);
    expect(bytes[7]).toBe(32);
    const offset = bytes.readUInt32LE(18);
    expect([...bytes.subarray(offset, offset + 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(String(res.headers['cache-control'])).toContain('max-age=');
  });

  it('/favicon.svg is an SVG under a script-free policy', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.body).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(res.body).not.toMatch(/<script|on\w+=/i);
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'none'");
  });

  it('the server-rendered pages link the icon, and the link answers', async () => {
    for (const url of [`/credentials/${credentialId}`, `/issuers/${issuerId}`, `/credentials/${'x'.repeat(20)}`]) {
      const page = await ctx.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      const hrefs = iconHrefs(page.body);
      expect(hrefs, url).toContain('/favicon.svg');
      for (const href of hrefs) expect((await ctx.app.inject({ method: 'GET', url: href })).statusCode, href).toBe(200);
    }
  });

  it("the web app's index.html links the same icons", async () => {
    const index = readFileSync(new URL('../../../web/index.html', import.meta.url), 'utf8');
    const hrefs = iconHrefs(index);
    expect(hrefs).toContain('/favicon.svg');
    for (const href of hrefs) expect((await ctx.app.inject({ method: 'GET', url: href })).statusCode, href).toBe(200);
  });
});
