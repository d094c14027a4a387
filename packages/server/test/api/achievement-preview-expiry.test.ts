import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/domain/shared/ports.js';
import { ENGINES, apiClient, createTestApp, minimalAchievement, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

// Server-rendered English is day-first (en-GB), like the web app.
const long = (iso: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));

describe.each(ENGINES)('the award preview shows the expiry an award would get (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let apiKey: string;
  let issuerId: string;
  const clock: Clock = { now: () => new Date('2028-01-31T09:00:00.000Z') };

  beforeAll(async () => {
    ctx = await createTestApp(engine, { clock });
    apiKey = (await setupOrganisation(ctx.app)).apiKey;
    api = apiClient(ctx.app, apiKey);
    issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
  });
  afterAll(async () => ctx?.close());

  it.each([
    ['P2Y', '2030-01-31T09:00:00.000Z'],
    ['P1M', '2028-02-29T09:00:00.000Z'],
    ['P18M', '2029-07-31T09:00:00.000Z'],
  ])('validity %s', async (validity, expires) => {
    const ach = await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: `Cert ${validity}`, kind: 'certification', validity });
    expect(ach.statusCode, ach.body).toBe(201);
    // What an award issued now gets...
    const issued = await api.post('/api/v1/credentials', { achievementId: ach.json().id, recipient: { email: `x-${validity}@example.org` } });
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.json().expires ?? issued.json().expiresAt).toBe(expires);
    // ...is what the preview shows.
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/achievements/${ach.json().id}/preview`, headers: { authorization: `Bearer ${apiKey}`, 'accept-language': 'en' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(long(expires));
  });
});
