/**
 * Forged credentials, the attacker's view: the victim is a real Laurel did:web issuer; the attacker
 * serves their own DID document (over https, as did:web implies) whose keys claim `controller:
 * <victim DID>`, and signs credentials naming the victim as issuer with those keys. The signatures
 * are real; only the victim's own DID document could make the keys count, and it does not list them.
 */
import { randomUUID } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { createDocumentLoader, hashIdentity, OB3_CREDENTIAL_CONTEXTS, type JsonObject } from '@laurel/core';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/adapters/http/app.js';
import { createVerifierDeps } from '../../src/adapters/verification/remote-documents.js';
import { bakedPng, json, RECIPIENT } from '../support/foreign-badges.js';
import { startHttpsHost, type HttpsHost } from '../support/https-host.js';
import { apiClient, createTestApp, ENGINES, minimalIssuer, setupOrganisation, type TestContext } from '../support/test-app.js';

interface Attacker {
  did: string;
  rsaKid: string;
  edVm: string;
  rsaKey: CryptoKey;
  edSigner: ReturnType<Awaited<ReturnType<typeof Ed25519Multikey.from>>['signer']>;
}

/** The attacker's DID document on their own host: real keys, each claiming the victim as controller. */
async function attackerOn(host: HttpsHost, victimDid: string): Promise<Attacker> {
  const did = host.didWeb('attacker');
  const rsaKid = `${did}#forged-rsa`;
  const edVm = `${did}#forged-ed`;
  const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const generated = await Ed25519Multikey.generate();
  const exported = await generated.export({ publicKey: true, secretKey: true, includeContext: true });
  const keyPair = await Ed25519Multikey.from({ ...exported, id: edVm, controller: victimDid });
  const methods = [
    { id: rsaKid, type: 'JsonWebKey2020', controller: victimDid, publicKeyJwk: await exportJWK(publicKey) },
    { id: edVm, type: 'Multikey', controller: victimDid, publicKeyMultibase: generated.publicKeyMultibase },
  ];
  host.routes.set(
    '/attacker/did.json',
    json({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
      id: did,
      verificationMethod: methods,
      assertionMethod: methods.map((m) => m.id),
    }),
  );
  return { did, rsaKid, edVm, rsaKey: privateKey, edSigner: keyPair.signer() };
}

async function credentialFrom(issuer: { id: string; name: string }): Promise<JsonObject> {
  const salt = 'c0ffee00';
  return {
    '@context': [...OB3_CREDENTIAL_CONTEXTS],
    id: `urn:uuid:${randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer.id, type: ['Profile'], name: issuer.name },
    validFrom: '2026-01-01T00:00:00Z',
    name: 'Master Forger',
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityHash: await hashIdentity(RECIPIENT, salt), identityType: 'emailAddress', hashed: true, salt }],
      achievement: { id: 'https://forger.example/achievements/1', type: ['Achievement'], name: 'Master Forger', description: 'Signs as others', criteria: { narrative: 'Forge' } },
    },
  };
}

async function vcJwt(credential: JsonObject, attacker: Attacker): Promise<string> {
  const issuer = (credential.issuer as { id: string }).id;
  const claims = { ...credential, iss: issuer, jti: credential.id, nbf: Date.parse(String(credential.validFrom)) / 1000 };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: attacker.rsaKid }).sign(attacker.rsaKey);
}

async function dataIntegrity(credential: JsonObject, attacker: Attacker): Promise<JsonObject> {
  const suite = new DataIntegrityProof({ signer: attacker.edSigner, cryptosuite: eddsaRdfc2022 });
  return vc.issue({ credential, suite, documentLoader: createDocumentLoader() });
}

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
    const verifier = createVerifierDeps({ allowHosts: [`127.0.0.1:${host.port}`], timeoutMs: 2000, fetch: { extraCa: [host.ca] } }, ctx.deps.clock);
    app = await buildApp({ ...ctx.deps, verify: { verifier, rateLimit: { max: 1000, timeWindowMs: 60_000 }, maxUploadBytes: 512 * 1024 } }, { logger: false });
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
