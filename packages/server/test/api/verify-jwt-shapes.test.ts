/**
 * JWT-secured credentials in every shape a verifier meets, through POST /api/v1/verify (text, JSON,
 * a URL answering with the shape's media type) and POST /vc/credentials/verify: OB 3.0 VC-JWT,
 * VC DM 1.1 JWT (`vc` claim), VC-JOSE-COSE (`vc+jwt`) and SD-JWT VC (`dc+sd-jwt`, issued by
 * @sd-jwt/sd-jwt-vc). The honest issuer is a did:web on an HTTPS host; the attacker serves their
 * own DID document whose keys claim the honest issuer as controller.
 */
import { createHash, randomBytes } from 'node:crypto';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import type { FastifyInstance } from 'fastify';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type Handler } from '../support/foreign-badges.js';
import { attackerOn, credentialFrom, type Attacker } from '../support/forgery.js';
import { appVerifyingFromHttps, startHttpsHost, type HttpsHost } from '../support/https-host.js';
import { createTestApp, ENGINES, type TestContext } from '../support/test-app.js';

type Check = { name: string; ok: boolean; code: string; params?: Record<string, string> };
type Report = { valid: boolean; format: string; checks: Check[]; input: { kind: string } };
const checkOf = (checks: Check[], name: string) => checks.find((c) => c.name === name);

type Key = Awaited<ReturnType<typeof generateKeyPair>>;

function sign(payload: object, header: Record<string, unknown>, key: Key['privateKey']): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'ES256', ...header } as never).sign(key);
}

const media =
  (body: string, type: string): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  };

function sdJwtIssuer(key: Key['privateKey']) {
  return new SDJwtVcInstance({
    signer: async (data: string) => {
      const [h, p] = data.split('.') as [string, string];
      const jws = await new CompactSign(Buffer.from(p, 'base64url')).setProtectedHeader(JSON.parse(Buffer.from(h, 'base64url').toString())).sign(key);
      return jws.split('.')[2]!;
    },
    signAlg: 'ES256',
    hasher: async (data: string | ArrayBuffer, alg: string) => new Uint8Array(createHash(alg.replace('-', '')).update(typeof data === 'string' ? data : Buffer.from(data)).digest()),
    hashAlg: 'sha-256',
    saltGenerator: async () => randomBytes(16).toString('base64url'),
  });
}

describe.each(ENGINES)('JWT shapes and SD-JWT VC through the API (%s)', (engine) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let host: HttpsHost;
  let honest: { did: string; kid: string; key: Key };
  let attacker: Attacker;
  let attackerEs: Key;
  let shapes: Record<'ob3' | 'v1' | 'jose', { token: string; format: string; formatCode: string }>;

  beforeAll(async () => {
    host = await startHttpsHost();
    ctx = await createTestApp(engine);
    const did = host.didWeb('honest');
    const key = await generateKeyPair('ES256', { extractable: true });
    honest = { did, kid: `${did}#es-1`, key };
    const method = { id: honest.kid, type: 'JsonWebKey2020', controller: did, publicKeyJwk: await exportJWK(key.publicKey) };
    host.routes.set('/honest/did.json', json({ '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'], id: did, verificationMethod: [method], assertionMethod: [method.id] }));
    // SD-JWT VC issuer metadata of an https issuer on the same host
    host.routes.set('/.well-known/jwt-vc-issuer/sd-issuer', json({ issuer: `${host.origin}/sd-issuer`, jwks: { keys: [{ ...(await exportJWK(key.publicKey)), kid: 'k1' }] } }));
    attacker = await attackerOn(host, did);
    attackerEs = await generateKeyPair('ES256');
    app = await appVerifyingFromHttps(ctx, host);

    const credential = await credentialFrom({ id: did, name: 'Honest College' });
    const nbf = Date.parse(String(credential.validFrom)) / 1000;
    const { validFrom, ...rest } = credential;
    const v1 = { ...rest, '@context': ['https://www.w3.org/2018/credentials/v1', ...(credential['@context'] as string[]).slice(1)], issuanceDate: validFrom };
    shapes = {
      ob3: { token: await sign({ ...credential, iss: did, jti: credential.id, nbf }, { typ: 'JWT', kid: honest.kid }, key.privateKey), format: 'vc-jwt', formatCode: 'format-vc-jwt' },
      v1: { token: await sign({ vc: v1, iss: did, jti: credential.id, nbf }, { typ: 'JWT', kid: honest.kid }, key.privateKey), format: 'vc-jwt-v1', formatCode: 'format-vc-jwt-v1' },
      jose: { token: await sign(credential, { typ: 'vc+jwt', cty: 'vc', kid: '#es-1' }, key.privateKey), format: 'vc-jose-cose', formatCode: 'format-vc-jose-cose' },
    };
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
    await host?.close();
  });

  const verifyText = (text: string) => app.inject({ method: 'POST', url: '/api/v1/verify', payload: text, headers: { 'content-type': 'text/plain' } });
  const verifyJson = (payload: object) => app.inject({ method: 'POST', url: '/api/v1/verify', payload });
  const vcApi = (verifiableCredential: unknown) => app.inject({ method: 'POST', url: '/vc/credentials/verify', payload: { verifiableCredential } });

  it('verifies each JWT shape as text, as {credential}, from a URL with its media type, and through the VC-API', async () => {
    for (const [name, { token, format, formatCode }] of Object.entries(shapes)) {
      const mediaType = name === 'jose' ? 'application/vc+jwt' : 'application/jwt';
      host.routes.set(`/credentials/${name}`, media(token, mediaType));
      for (const res of [await verifyText(token), await verifyJson({ credential: token }), await verifyJson({ url: `${host.origin}/credentials/${name}` })]) {
        expect(res.statusCode, res.body).toBe(200);
        const report = res.json<Report>();
        expect(report.checks.filter((c) => !c.ok), name).toEqual([]);
        expect(report).toMatchObject({ valid: true, format });
        expect(checkOf(report.checks, 'format')?.code).toBe(formatCode);
      }
      const res = await vcApi(token);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ verified: true, format });
    }
  });

  it('verifies an SD-JWT VC (DID issuer, and https issuer through its metadata) as text, from a URL (application/dc+sd-jwt) and through the VC-API', async () => {
    const issuer = sdJwtIssuer(honest.key.privateKey);
    const frame = { _sd: ['name'] } as never;
    const byDid = await issuer.issue({ iss: honest.did, vct: 'https://credentials.example/badge', iat: 1_767_225_600, name: 'Ada' } as never, frame, { header: { kid: honest.kid } });
    const byHttps = await issuer.issue({ iss: `${host.origin}/sd-issuer`, vct: 'https://credentials.example/badge', iat: 1_767_225_600, name: 'Ada' } as never, frame, { header: { kid: 'k1' } });
    host.routes.set('/credentials/sd', media(byDid, 'application/dc+sd-jwt'));
    for (const res of [await verifyText(byDid), await verifyText(byHttps), await verifyJson({ url: `${host.origin}/credentials/sd` })]) {
      expect(res.statusCode, res.body).toBe(200);
      const report = res.json<Report>();
      expect(report.checks.filter((c) => !c.ok)).toEqual([]);
      expect(report).toMatchObject({ valid: true, format: 'sd-jwt-vc' });
      expect(checkOf(report.checks, 'proof')).toMatchObject({ code: 'sd-jwt-valid', params: { disclosures: '1', keyBinding: 'absent' } });
    }
    const res = await vcApi(byDid);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ verified: true, format: 'sd-jwt-vc' });
  });

  it('attacker: each shape signed with a key from the attacker’s DID document that claims the honest issuer is not valid', async () => {
    const credential = await credentialFrom({ id: honest.did, name: 'Honest College' });
    const nbf = Date.parse(String(credential.validFrom)) / 1000;
    const forged = [
      await new CompactSign(new TextEncoder().encode(JSON.stringify({ vc: credential, iss: honest.did, jti: credential.id, nbf }))).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: attacker.rsaKid }).sign(attacker.rsaKey),
      await new CompactSign(new TextEncoder().encode(JSON.stringify(credential))).setProtectedHeader({ alg: 'RS256', typ: 'vc+jwt', kid: attacker.rsaKid }).sign(attacker.rsaKey),
    ];
    for (const token of forged) {
      const report = (await verifyText(token)).json<Report>();
      expect(report.valid).toBe(false);
      expect(checkOf(report.checks, 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-authorized-by-issuer', params: { key: attacker.rsaKid, issuer: honest.did } });
      const res = await vcApi(token);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ verified: false, type: expect.any(String) });
    }
  });

  it('attacker: a forged SD-JWT disclosure, and an SD-JWT signed by an unlisted key, are not valid; never a 500', async () => {
    const token = await sdJwtIssuer(honest.key.privateKey).issue({ iss: honest.did, vct: 'https://credentials.example/badge', iat: 1_767_225_600, name: 'Ada' } as never, { _sd: ['name'] } as never, { header: { kid: honest.kid } });
    const extra = Buffer.from(JSON.stringify(['salt', 'admin', true])).toString('base64url');
    const forgedDisclosure = (await verifyText(`${token}${extra}~`)).json<Report>();
    expect(forgedDisclosure.valid).toBe(false);
    expect(checkOf(forgedDisclosure.checks, 'proof')).toMatchObject({ ok: false, code: 'sd-disclosure-unreferenced', params: { index: '1' } });
    const byStranger = await sdJwtIssuer(attackerEs.privateKey).issue({ iss: honest.did, vct: 'x', iat: 1_767_225_600 } as never, {} as never, { header: { kid: honest.kid } });
    expect(checkOf((await verifyText(byStranger)).json<Report>().checks, 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature' });
    const res = await vcApi(`${token}${extra}~`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ verified: false });
    // junk that looks like an SD-JWT: a report or a 400, never a 500
    for (const junk of ['a.b.c~', 'eyJhbGciOiJFUzI1NiJ9.e30.sig~~~', `${token.split('~')[0]}~!!~`]) {
      const r = await verifyText(junk);
      expect([200, 400], `${junk}: ${r.body}`).toContain(r.statusCode);
      expect((await vcApi(junk)).statusCode).toBe(400);
    }
  });
});
