import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestApp, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../../../test/support/test-app.js';
import { cachedSigningKeys } from './signing-keys.js';

describe('cached signing keys in a cluster', () => {
  let ctx: TestContext;
  let api: ApiClient;

  beforeAll(async () => {
    ctx = await createTestApp('sqlite');
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
  });
  afterAll(async () => ctx?.close());

  it('another instance picks up a rotation once its cached generation is older than maxAgeMs', async () => {
    const issuer = (await api.post('/api/v1/issuers', minimalIssuer)).json();
    let now = 1_000_000;
    // A second instance over the same database, with its own cache.
    const other = cachedSigningKeys({ keys: ctx.deps.store.issuerKeys, vault: ctx.deps.vault, urls: ctx.deps.urls, maxAgeMs: 60_000, nowMs: () => now });
    const before = await other.forIssuer(issuer);

    expect((await api.post(`/api/v1/issuers/${issuer.id}/keys/rotate`)).statusCode).toBe(201);
    const active = (await api.get(`/api/v1/issuers/${issuer.id}/keys`)).json().items.find((k: { algorithm: string; status: string }) => k.algorithm === 'Ed25519' && k.status === 'active');
    expect(active.id).not.toBe(before.ed25519KeyId);

    now += 30_000;
    expect((await other.forIssuer(issuer)).ed25519KeyId).toBe(before.ed25519KeyId);
    now += 31_000;
    expect((await other.forIssuer(issuer)).ed25519KeyId).toBe(active.id);
  });
});
