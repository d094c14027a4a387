import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import type { JsonObject } from '@laurel/core';
import type { FastifyInstance } from 'fastify';
import { compactVerify, decodeProtectedHeader, importJWK, importSPKI, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicDocuments } from '../../../test/support/public-documents.js';
import { BASE_URL, TEST_MASTER_KEY, apiClient, minimalIssuer, openTestStorage, setupOrganisation, type ApiClient } from '../../../test/support/test-app.js';
import { assembleDeps } from '../../compose.js';
import { buildApp } from '../http/app.js';
import { aesGcmVault } from '../keys/key-vault.js';
import { createMailer } from '../mail/mailer.js';
import { createSigningPool, type SigningPool } from './pool.js';
import { createJobRunner } from '../jobs/job-runner.js';
import { bulkImportJob } from '../../domain/bulk/run-bulk-import.js';

describe('signing worker pool', () => {
  let app: FastifyInstance;
  let api: ApiClient;
  let pool: SigningPool | undefined;
  let close: () => Promise<void>;
  let issuerId: string;
  let deps: ReturnType<typeof assembleDeps>;
  let achievementId: string;

  const { fetchPublic, resolveDidWeb, documentLoader } = publicDocuments(() => app);
  /** Status lists are not this suite's subject (signed-credentials.test.ts checks them). */
  const checkStatus = async () => ({ verified: true });
  const exportAs = async (id: string, format: string) => {
    const res = await api.get(`/api/v1/credentials/${id}/export?format=${format}`);
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };
  const issue = async (n: number) => {
    const res = await api.post('/api/v1/credentials', {
      achievementId,
      recipient: { email: `learner${n}@example.org`, name: `Learner ${n}` },
      narrative: `Passed with "${n}" points`,
      evidence: [{ url: `https://evidence.example/${n}`, name: 'Exam', narrative: `Attempt ${n}` }],
    });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  };

  beforeAll(async () => {
    const { storage, drop } = await openTestStorage('sqlite');
    deps = assembleDeps({
      storage,
      baseUrl: BASE_URL,
      vault: aesGcmVault(TEST_MASTER_KEY),
      sessionTtlSeconds: 3600,
      mailer: createMailer({ outboxDir: mkdtempSync(join(tmpdir(), 'laurel-outbox-')), from: 'Laurel <test@laurel.test>' }).mailer,
      http: { bodyLimitBytes: 64 * 1024, secureCookies: false, trustProxy: false, logLevel: 'silent' },
      makeCredentialSigner: (parts) => (pool = createSigningPool({ workers: 2, ...parts })),
    });
    app = await buildApp(deps, { logger: false });
    close = async () => {
      await pool?.close();
      await app.close();
      await drop();
    };
    api = apiClient(app, (await setupOrganisation(app)).apiKey);
    issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    achievementId = (
      await api.post('/api/v1/achievements', { issuerId, kind: 'badge', name: 'Pool Badge', description: 'Signed on a worker thread', criteria: { narrative: 'Be signed' }, tags: ['pool'] })
    ).json().id;
  });
  afterAll(async () => close?.());

  it('is the signer the app uses, with two workers', () => {
    expect(pool?.size).toBe(2);
  });

  it('issues concurrent credentials (OB 3.0 signed on the workers; VC-JWT and OB 2.0 made on first request): all verify with Digital Bazaar and jose', async () => {
    const ids = await Promise.all(Array.from({ length: 16 }, (_, n) => issue(n)));
    const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
    for (const id of ids) {
      const credential = (await exportAs(id, 'ob3')).json();
      const result = await vc.verifyCredential({ credential, suite, documentLoader, checkStatus, now: new Date() });
      expect(result.error, JSON.stringify(result.error)).toBeUndefined();
      expect(result.verified).toBe(true);
    }
    const jwt = (await exportAs(ids[3]!, 'vc-jwt')).body;
    const kid = decodeProtectedHeader(jwt).kid!;
    const method = ((await resolveDidWeb(kid.split('#')[0]!))!.verificationMethod as JsonObject[]).find((m) => m.id === kid)!;
    const { payload } = await jwtVerify(jwt, await importJWK(method.publicKeyJwk as never, 'RS256'), { algorithms: ['RS256'] });
    expect(payload.jti).toBe(`${BASE_URL}/ob3/credentials/${ids[3]}`);
    const jws = (await exportAs(ids[5]!, 'ob2-jws')).body;
    const creator = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()).verification.creator as string;
    const key = (await fetchPublic(creator)).json();
    await expect(compactVerify(jws, await importSPKI(key.publicKeyPem, 'RS256'))).resolves.toBeDefined();
  });

  it('signs a bulk award\'s chunks with one message per worker; every credential\'s forms verify', async () => {
    let batches = 0;
    const signBatch = pool!.signBatch.bind(pool);
    const counting = { ...deps, credentialSigner: { sign: pool!.sign.bind(pool), signBatch: (input: Parameters<typeof signBatch>[0]) => (batches++, signBatch(input)) } };
    const csv = ['name,email', ...Array.from({ length: 6 }, (_, n) => `Bulk ${n},bulk${n}@example.org`)].join('\n');
    const started = await api.post(`/api/v1/achievements/${achievementId}/bulk`, { csv });
    expect(started.statusCode, started.body).toBe(202);
    const runner = createJobRunner({ queue: deps.store.jobs, handlers: [bulkImportJob(counting, { chunkRows: 6 })], clock: deps.clock });
    // (The award e-mails queued by the tests above have no handler here: they are simply failed.)
    while ((await api.get(`/api/v1/bulk-imports/${started.json().import.id}`)).json().status !== 'done') expect(await runner.runOnce()).toBeGreaterThan(0);
    expect(batches).toBe(1);
    const done = (await api.get(`/api/v1/bulk-imports/${started.json().import.id}`)).json();
    expect(done).toMatchObject({ status: 'done', processed: 6, failed: 0 });
    const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
    for (const { credentialId } of done.results as Array<{ credentialId: string }>) {
      const credential = (await exportAs(credentialId, 'ob3')).json();
      expect((await vc.verifyCredential({ credential, suite, documentLoader, checkStatus, now: new Date() })).verified).toBe(true);
      expect(credential.credentialSubject.identifier[0].identityHash).toMatch(/^sha256\$/);
    }
    const jwt = (await exportAs(done.results[2].credentialId, 'vc-jwt')).body;
    const kid = decodeProtectedHeader(jwt).kid!;
    const method = ((await resolveDidWeb(kid.split('#')[0]!))!.verificationMethod as JsonObject[]).find((m) => m.id === kid)!;
    expect((await jwtVerify(jwt, await importJWK(method.publicKeyJwk as never, 'RS256'), { algorithms: ['RS256'] })).payload.jti).toBe(`${BASE_URL}/ob3/credentials/${done.results[2].credentialId}`);
    const jws = (await exportAs(done.results[4].credentialId, 'ob2-jws')).body;
    const creator = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()).verification.creator as string;
    await expect(compactVerify(jws, await importSPKI((await fetchPublic(creator)).json().publicKeyPem, 'RS256'))).resolves.toBeDefined();
  });

  it('signs with the new key generation after rotation', async () => {
    const before = (await exportAs(await issue(100), 'ob3')).json();
    const rotated = await api.post(`/api/v1/issuers/${issuerId}/keys/rotate`, {});
    expect(rotated.statusCode, rotated.body).toBeLessThan(300);
    const after = (await exportAs(await issue(101), 'ob3')).json();
    expect(after.proof[0].verificationMethod).not.toBe(before.proof[0].verificationMethod);
    const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
    for (const credential of [before, after]) {
      expect((await vc.verifyCredential({ credential, suite, documentLoader, checkStatus, now: new Date() })).verified).toBe(true);
    }
  });

  it('signs as a did:key issuer on the workers too (the generation\'s status list; its EdDSA VC-JWT made on first request)', async () => {
    const didKeyIssuer = (await api.post('/api/v1/issuers', { ...minimalIssuer, identity: 'did:key' })).json();
    const achievement = (await api.post('/api/v1/achievements', { issuerId: didKeyIssuer.id, kind: 'badge', name: 'Offline Badge', description: 'Verifiable offline', criteria: { narrative: 'Be signed' } })).json();
    const res = await api.post('/api/v1/credentials', { achievementId: achievement.id, recipient: { email: 'offline@example.org' } });
    expect(res.statusCode, res.body).toBe(201);
    const credential = (await exportAs(res.json().id, 'ob3')).json();
    expect(credential.issuer.id).toBe(didKeyIssuer.did);
    expect(credential.credentialStatus.statusListCredential).toMatch(new RegExp(`/status/${didKeyIssuer.id}/message/[^/]+$`));
    const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
    expect((await vc.verifyCredential({ credential, suite, documentLoader, checkStatus, now: new Date() })).verified).toBe(true);
    const jwt = (await exportAs(res.json().id, 'vc-jwt')).body;
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'EdDSA', kid: credential.proof[0].verificationMethod });
  });

  it('reports failures as errors, and a closed pool refuses work', async () => {
    const issuer = { id: 'no-such-issuer' } as never;
    await expect(pool!.sign({ issuer, achievement: {} as never, credential: {} as never })).rejects.toThrow(/no active/);
    const spare = createSigningPool({ workers: 1, baseUrl: BASE_URL, signingKeys: { forIssuer: async () => { throw new Error('x'); }, forget: () => undefined }, issuerKeys: { listForIssuer: async () => [] }, vault: aesGcmVault(TEST_MASTER_KEY), clock: { now: () => new Date() } });
    await spare.close();
    await expect(spare.sign({ issuer, achievement: {} as never, credential: {} as never })).rejects.toThrow(/closed/);
    expect(() => createSigningPool({ workers: 0 } as never)).toThrow(RangeError);
  });
});
