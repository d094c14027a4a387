/**
 * Forged credentials, the attacker's view: the victim is a real Laurel did:web issuer; the attacker
 * serves their own DID document (over https, as did:web implies) whose keys claim `controller:
 * <victim DID>`, and signs credentials naming the victim as issuer with those keys. The signatures
 * are real; only the victim's own DID document could make the keys count, and it does not list them.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bakedPng } from '../support/foreign-badges.js';
import { attackerOn, credentialFrom, dataIntegrity, vcJwt, type Attacker } from '../support/forgery.js';
import { appVerifyingFromHttps, startHttpsHost, type HttpsHost } from '../support/https-host.js';
import { apiClient, createTestApp, ENGINES, minimalIssuer, setupOrganisation, type TestContext } from '../support/test-app.js';

type Check = { name: string; ok: boolean; code: string; params?: Record<string, string> };
const checkOf = (checks: Check[], name: string) => checks.find((c) => c.name === name);

describe.each(ENGINES)('forged credentials naming a Laurel issuer are not valid (%s)', (engine) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let host: HttpsHost;
  let victim: { id: string; name: string };
  let attacker: Attacker;

  beforeAll(async () => {
    host = await startHttpsHost();
    ctx = await createTestApp(engine);
    const api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    const issuer = (await api.post('/api/v1/issuers', minimalIssuer)).json<{ did: string; name: string }>();
    expect(issuer.did).toMatch(/^did:web:badges\.test\.example:issuers:/);
    victim = { id: issuer.did, name: issuer.name };
    attacker = await attackerOn(host, victim.id);
    app = await appVerifyingFromHttps(ctx, host);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
    await host?.close();
  });

  const verify = (payload: string | Buffer, contentType: string) => app.inject({ method: 'POST', url: '/api/v1/verify', payload, headers: { 'content-type': contentType } });
  const vcApi = (verifiableCredential: unknown) => app.inject({ method: 'POST', url: '/vc/credentials/verify', payload: { verifiableCredential } });

  function expectForged(res: LightMyRequestResponse, key: string): void {
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<{ valid: boolean; checks: Check[] }>();
    expect(report.valid, JSON.stringify(report.checks)).toBe(false);
    expect(checkOf(report.checks, 'proof')).toMatchObject({ ok: true, code: 'proof-valid' });
    expect(checkOf(report.checks, 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-authorized-by-issuer', params: { key, issuer: victim.id } });
  }

  it('the attacker’s host is reachable and trusted: a credential in the attacker’s own name verifies', async () => {
    const own = await credentialFrom({ id: attacker.did, name: 'Mallory' });
    // Keys that name the victim as controller are still the attacker's own keys, listed in the attacker's own document.
    const res = await verify(await vcJwt(own, attacker), 'text/plain');
    expect(res.json<{ valid: boolean; checks: Check[] }>().checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('VC-JWT with a kid in the attacker’s DID document: POST /api/v1/verify (JWT, baked PNG) and the VC-API', async () => {
    const token = await vcJwt(await credentialFrom(victim), attacker);
    expectForged(await verify(token, 'text/plain'), attacker.rsaKid);
    expectForged(await verify(Buffer.from(bakedPng('openbadgecredential', token)), 'image/png'), attacker.rsaKid);
    const res = await vcApi(token);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ verified: false });
    expect(checkOf(res.json<{ results: Check[] }>().results, 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-authorized-by-issuer', params: { key: attacker.rsaKid, issuer: victim.id } });
  });

  it('Data Integrity proof by a verificationMethod in the attacker’s DID document: JSON, baked PNG and the VC-API', async () => {
    const signed = await dataIntegrity(await credentialFrom(victim), attacker);
    expectForged(await verify(JSON.stringify(signed), 'application/json'), attacker.edVm);
    expectForged(await verify(Buffer.from(bakedPng('openbadgecredential', JSON.stringify(signed))), 'image/png'), attacker.edVm);
    const res = await vcApi(signed);
    expect(res.statusCode, res.body).toBe(400);
    expect(checkOf(res.json<{ results: Check[] }>().results, 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-authorized-by-issuer', params: { key: attacker.edVm, issuer: victim.id } });
  });
});
