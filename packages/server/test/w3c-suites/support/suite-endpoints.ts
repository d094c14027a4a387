/**
 * Laurel as the W3C / CCG test suites see an implementation: its VC-API endpoints reached over real
 * HTTP (the app listening on a loopback port, requests made with `fetch`), an issuer whose DID the
 * suites put in `credential.issuer` (as they do with an implementation's configured issuer id), and
 * an answer of 400 or more thrown as an `HttpError`, as the suites' HTTP clients throw.
 *
 * Nothing of the suites' code is used: the requests and assertions are written here after their test
 * statements; `createLocalVp` plays their data generator with Digital Bazaar's libraries.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { createDocumentLoader, type JsonObject } from '@laurel/core';
import type { Engine } from '../../../src/adapters/storage/db.js';
import type { Clock } from '../../../src/domain/shared/ports.js';
import { createTestApp, minimalIssuer, setupOrganisation, type TestContext } from '../../support/test-app.js';

/** An answer of 400 or more, as the suites' HTTP clients report it. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly data: JsonObject,
  ) {
    super(`HTTP ${status}: ${JSON.stringify(data).slice(0, 500)}`);
  }
}

/** A fixture of `test-data/w3c-suites/<suite>/`, a fresh copy each time (the suites `require` them). */
export function fixture(suite: string, path: string): JsonObject {
  const url = new URL(`../../../../../test-data/w3c-suites/${suite}/${path}`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as JsonObject;
}

export interface SuiteImplementation {
  ctx: TestContext;
  /** `http://127.0.0.1:<port>`: where the endpoints answer. */
  origin: string;
  issuerId: string;
  /** The issuer's DID: what the suites are configured with as the implementation's issuer id. */
  issuerDid: string;
  apiKey: string;
  /** POST /vc/credentials/issue `{credential, options}`; the issuer is filled in when the credential has none. */
  issue(credential: JsonObject, options?: JsonObject): Promise<JsonObject>;
  /** The raw answer of any request to the app, over HTTP. */
  request(method: string, path: string, body?: unknown, authenticated?: boolean): Promise<{ status: number; body: JsonObject }>;
  /** POST /vc/credentials/verify `{verifiableCredential, options: {checks: ['proof']}}`; a 4xx answer throws. */
  verify(credential: unknown, options?: JsonObject): Promise<JsonObject>;
  /** POST /vc/presentations/verify `{verifiablePresentation, options}`; a 4xx answer throws. */
  verifyVp(presentation: unknown, options?: JsonObject): Promise<JsonObject>;
  close(): Promise<void>;
}

export async function startImplementation(engine: Engine, options: { clock?: Clock; issuer?: JsonObject } = {}): Promise<SuiteImplementation> {
  // A suite sends hundreds of verifications from one address: the operator raises LAUREL_VERIFY_RATE_LIMIT.
  const ctx = await createTestApp(engine, { clock: options.clock, verifyRateLimitMax: 10_000 });
  const { apiKey } = await setupOrganisation(ctx.app);
  const origin = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  const request: SuiteImplementation['request'] = async (method, path, body, authenticated = true) => {
    const res = await fetch(`${origin}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), accept: 'application/json', ...(authenticated ? { authorization: `Bearer ${apiKey}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as JsonObject };
  };
  const created = await request('POST', '/api/v1/issuers', { ...minimalIssuer, ...options.issuer });
  if (created.status !== 201) throw new Error(`issuer: ${created.status} ${JSON.stringify(created.body)}`);
  const issuerId = String(created.body.id);
  const issuerDid = String(created.body.did);
  const post = async (path: string, body: unknown, authenticated: boolean) => {
    const res = await request('POST', path, body, authenticated);
    if (res.status >= 400) throw new HttpError(res.status, res.body);
    return res.body;
  };
  return {
    ctx,
    origin,
    issuerId,
    issuerDid,
    apiKey,
    request,
    issue: async (credential, issueOptions = {}) => {
      const copy = structuredClone(credential);
      // Only a missing issuer (or issuer id) is filled in: an explicit null is sent as the fixture has it.
      if (typeof copy.issuer === 'object' && copy.issuer !== null && !Array.isArray(copy.issuer)) {
        if (!('id' in copy.issuer)) (copy.issuer as JsonObject).id = issuerDid;
      } else if (!('issuer' in copy)) copy.issuer = issuerDid;
      const body = await post('/vc/credentials/issue', { credential: copy, options: issueOptions }, true);
      return body.verifiableCredential as JsonObject;
    },
    verify: async (credential, verifyOptions = { checks: ['proof'] }) => post('/vc/credentials/verify', { verifiableCredential: credential, options: verifyOptions }, false),
    verifyVp: async (presentation, verifyOptions = {}) => post('/vc/presentations/verify', { verifiablePresentation: presentation, options: verifyOptions }, false),
    close: () => ctx.close(),
  };
}

/** A key of the suites' own (their "local issuer"): an Ed25519 did:key, made at test time. */
export interface LocalKey {
  did: string;
  suite(): InstanceType<typeof DataIntegrityProof>;
}

export async function localKey(): Promise<LocalKey> {
  const generated = await Ed25519Multikey.generate();
  const did = `did:key:${generated.publicKeyMultibase}`;
  const exported = await generated.export({ publicKey: true, secretKey: true, includeContext: true });
  const keyPair = await Ed25519Multikey.from({ ...exported, id: `${did}#${generated.publicKeyMultibase}`, controller: did });
  return { did, suite: () => new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022 }) };
}

/** Contexts and did:key documents, offline, for Digital Bazaar's signing on the suites' side. */
export const suiteLoader = () => createDocumentLoader({ resolveDid: async () => undefined });

/** A credential signed by a local key (eddsa-rdfc-2022, Digital Bazaar's `issue`). */
export async function signLocally(credential: JsonObject, key: LocalKey): Promise<JsonObject> {
  return vc.issue({ credential: { ...structuredClone(credential), issuer: key.did }, suite: key.suite(), documentLoader: suiteLoader() }) as Promise<JsonObject>;
}

/**
 * What the suites' `createLocalVp` does: every credential of the presentation without a proof is
 * issued by the local issuer, then the presentation is signed by the holder key (proof purpose
 * authentication, with the challenge / domain given).
 */
export async function createLocalVp(presentation: JsonObject, keys: { issuer: LocalKey; holder: LocalKey }, options: { challenge?: string; domain?: string } = {}): Promise<JsonObject> {
  const copy = structuredClone(presentation);
  const credentials = copy.verifiableCredential;
  if (Array.isArray(credentials)) {
    copy.verifiableCredential = await Promise.all(credentials.map((c) => (typeof c === 'object' && c !== null && !('proof' in c) ? signLocally(c as JsonObject, keys.issuer) : c)));
  }
  return signPresentationAs(copy, keys.holder, options);
}

/** A presentation signed as is by `holder` (nothing inside is signed). */
export async function signPresentationAs(presentation: JsonObject, holder: LocalKey, options: { challenge?: string; domain?: string } = {}): Promise<JsonObject> {
  return vc.signPresentation({ presentation: structuredClone(presentation), suite: holder.suite(), documentLoader: suiteLoader(), challenge: options.challenge ?? 'suite-challenge', ...(options.domain ? { domain: options.domain } : {}) }) as Promise<JsonObject>;
}

/** `assert.rejects`: the promise must fail (with an HttpError when `http`), or the test fails with `message`. */
export async function rejects(promise: Promise<unknown>, message: string, http = true): Promise<void> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  if (error === undefined) throw new Error(`${message} (it was accepted)`);
  if (http && !(error instanceof HttpError)) throw new Error(`${message} (failed without an HTTP answer: ${String(error)})`);
  if (error instanceof HttpError && error.status >= 500) throw new Error(`${message} (answered ${error.status}, a server error)`);
}

/** `assert.doesNotReject`. */
export async function accepts<T>(promise: Promise<T>, message: string): Promise<T> {
  try {
    return await promise;
  } catch (e) {
    throw new Error(`${message}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
