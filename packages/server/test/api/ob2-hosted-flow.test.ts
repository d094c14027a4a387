import { createHash } from 'node:crypto';
import { validateOb2Document } from '@laurel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, ENGINES, apiClient, createTestApp, minimalAchievement, minimalCredential, minimalIssuer, setupOrganisation, type TestContext } from '../support/test-app.js';

describe.each(ENGINES)('setup → issuer → achievement → credential → OB 2.0 hosted (%s)', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(engine);
  });
  afterAll(async () => ctx?.close());

  it('issues a credential whose hosted assertion, badge class and issuer are valid OB 2.0', async () => {
    const { apiKey } = await setupOrganisation(ctx.app);
    const api = apiClient(ctx.app, apiKey);

    const issuerRes = await api.post('/api/v1/issuers', minimalIssuer);
    expect(issuerRes.statusCode).toBe(201);
    const issuer = issuerRes.json();
    expect(issuer.id).toEqual(expect.any(String));

    const achRes = await api.post('/api/v1/achievements', minimalAchievement(issuer.id));
    expect(achRes.statusCode).toBe(201);
    const achievement = achRes.json();
    expect(achievement).toMatchObject({ kind: 'certificate', issuerId: issuer.id });

    const credRes = await api.post('/api/v1/credentials', minimalCredential(achievement.id, 'Learner@Example.org'));
    expect(credRes.statusCode).toBe(201);
    const credential = credRes.json();
    expect(credential).toMatchObject({ status: 'active', achievementId: achievement.id, recipient: { type: 'email', identity: 'learner@example.org', name: 'Ada Learner' } });

    // Public, unauthenticated documents.
    const assertionRes = await ctx.app.inject({ method: 'GET', url: `/ob2/assertions/${credential.id}` });
    expect(assertionRes.statusCode).toBe(200);
    expect(assertionRes.headers['content-type']).toContain('application/ld+json');
    const assertion = assertionRes.json();
    expect(validateOb2Document(assertion)).toEqual([]);
    expect(assertion).toMatchObject({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'Assertion',
      id: `${BASE_URL}/ob2/assertions/${credential.id}`,
      badge: `${BASE_URL}/ob2/badges/${achievement.id}`,
      verification: { type: 'hosted' },
      issuedOn: credential.issuedOn,
      recipient: { type: 'email', hashed: true },
    });
    // The hashed identity is sha256(email + salt), and the plaintext email is nowhere in the document.
    const expected = createHash('sha256').update('learner@example.org' + assertion.recipient.salt).digest('hex');
    expect(assertion.recipient.identity).toBe(`sha256$${expected}`);
    expect(assertionRes.body).not.toContain('learner@example.org');

    const badgeRes = await ctx.app.inject({ method: 'GET', url: new URL(assertion.badge).pathname });
    expect(badgeRes.statusCode).toBe(200);
    const badge = badgeRes.json();
    expect(validateOb2Document(badge)).toEqual([]);
    expect(badge).toMatchObject({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'BadgeClass',
      id: assertion.badge,
      name: 'Intro to Rust',
      description: 'Completed the introductory Rust course',
      criteria: { narrative: 'Finish all modules and the final project' },
      issuer: `${BASE_URL}/ob2/issuers/${issuer.id}`,
    });
    const imageRes = await ctx.app.inject({ method: 'GET', url: new URL(badge.image).pathname });
    expect(imageRes.statusCode).toBe(200);
    expect(imageRes.headers['content-type']).toContain('image/svg+xml');

    const issuerDocRes = await ctx.app.inject({ method: 'GET', url: new URL(badge.issuer).pathname });
    expect(issuerDocRes.statusCode).toBe(200);
    const issuerDoc = issuerDocRes.json();
    expect(validateOb2Document(issuerDoc)).toEqual([]);
    expect(issuerDoc).toMatchObject({ type: 'Issuer', id: badge.issuer, name: 'Acme Badges', url: 'https://acme.example', email: 'badges@acme.example' });

    // Revocation: 410 with the reason, as OB 2.0 hosted verification expects.
    const revokeRes = await api.post(`/api/v1/credentials/${credential.id}/revoke`, { reason: 'Issued in error' });
    expect(revokeRes.statusCode).toBe(200);
    expect(revokeRes.json()).toMatchObject({ status: 'revoked', revocationReason: 'Issued in error' });
    const gone = await ctx.app.inject({ method: 'GET', url: `/ob2/assertions/${credential.id}` });
    expect(gone.statusCode).toBe(410);
    expect(gone.json()).toMatchObject({ revoked: true, revocationReason: 'Issued in error', id: assertion.id });
    expect((await api.post(`/api/v1/credentials/${credential.id}/revoke`, { reason: 'again' })).statusCode).toBe(409);
  });

  it('refuses a second first-run setup', async () => {
    const again = await ctx.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { organisationName: 'Other', email: 'x@example.org', password: 'another long password' } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ type: 'https://laurel.dev/problems/setup-already-done' });
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ needed: false });
  });
});

