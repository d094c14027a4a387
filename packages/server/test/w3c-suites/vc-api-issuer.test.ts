/**
 * The CCG VC-API issuer suite (w3c-ccg/vc-api-issuer-test-suite, tests/10-issuer.js, "Issue Credential -
 * Data Integrity"), statement by statement, against Laurel's POST /vc/credentials/issue over HTTP. Its
 * `validVC.json` is a VC 1.1 credential; its examples context (`credentials/examples/v1`) is not one
 * Laurel bundles and Laurel never fetches a context, so the VC 2.0 examples context (also only an
 * `@vocab`) stands in for it (test-data/w3c-suites/vc-api-issuer/SOURCE.md).
 */
import type { JsonObject } from '@laurel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/test-app.js';
import { fixture, startImplementation, type SuiteImplementation } from './support/suite-endpoints.js';

const EXAMPLES_V1 = 'https://www.w3.org/2018/credentials/examples/v1';
const EXAMPLES_V2 = 'https://www.w3.org/ns/credentials/examples/v2';

describe.each(ENGINES)('CCG VC-API issuer suite (%s)', (engine) => {
  let laurel: SuiteImplementation;
  let n = 0;
  /** The suite's createValidVc: validVC.json with a fresh urn:uuid id and the implementation's issuer id. */
  const createValidVc = (): JsonObject => {
    const vc = fixture('vc-api-issuer', 'validVC.json');
    vc['@context'] = (vc['@context'] as string[]).map((c) => (c === EXAMPLES_V1 ? EXAMPLES_V2 : c));
    return { ...vc, id: `urn:uuid:6f1c2d3e-4b5a-4c6d-8e7f-${String(++n).padStart(12, '0')}`, issuer: laurel.issuerDid };
  };
  const issue = (body: unknown) => laurel.request('POST', '/vc/credentials/issue', body);
  /** The suite's shouldThrowInvalidInput: an error answer, 400, not 401. */
  const shouldThrowInvalidInput = (res: { status: number }, what: string) => expect(res.status, what).toBe(400);
  const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

  beforeAll(async () => {
    laurel = await startImplementation(engine);
  });
  afterAll(async () => laurel?.close());

  it('MUST successfully issue a credential.', async () => {
    const res = await issue({ credential: createValidVc() });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // The suite's testIssuedVc.
    const vc = res.body.verifiableCredential as JsonObject;
    expect(vc).toHaveProperty(['@context']);
    expect(vc.type).toContain('VerifiableCredential');
    expect(typeof vc.id).toBe('string');
    expect(typeof vc.credentialSubject).toBe('object');
    expect(['string', 'object']).toContain(typeof vc.issuer);
    expect(vc.proof).toBeTypeOf('object');
    expect(Array.isArray(vc.proof)).toBe(false);
  });
  it('Request body MUST have property "credential".', async () => {
    shouldThrowInvalidInput(await issue({ verifiableCredential: createValidVc() }), 'no "credential"');
  });
  it('credential MUST have property "@context".', async () => {
    const credential = createValidVc();
    delete credential['@context'];
    shouldThrowInvalidInput(await issue({ credential }), 'no @context');
  });
  it('credential "@context" MUST be an array.', async () => {
    shouldThrowInvalidInput(await issue({ credential: { ...createValidVc(), '@context': 4 } }), '@context 4');
  });
  it('credential "@context" items MUST be strings.', async () => {
    for (const bad of [{ foo: true }, 4, false, null]) shouldThrowInvalidInput(await issue({ credential: { ...createValidVc(), '@context': bad } }), `@context ${JSON.stringify(bad)}`);
  });
  it('credential MUST have property "type"', async () => {
    const credential = createValidVc();
    delete credential.type;
    shouldThrowInvalidInput(await issue({ credential }), 'no type');
  });
  it('"credential.type" MUST be an array.', async () => {
    shouldThrowInvalidInput(await issue({ credential: { ...createValidVc(), type: 4 } }), 'type 4');
  });
  it('"credential.type" items MUST be strings', async () => {
    for (const bad of [null, true, 4, []]) shouldThrowInvalidInput(await issue({ credential: { ...createValidVc(), type: bad } }), `type ${JSON.stringify(bad)}`);
  });
  it('credential MUST have property "issuer"', async () => {
    const credential = createValidVc();
    delete credential.issuer;
    shouldThrowInvalidInput(await issue({ credential }), 'no issuer');
  });
  it('"credential.issuer" MUST be a string or an object', async () => {
    for (const bad of [null, true, 4, []]) shouldThrowInvalidInput(await issue({ credential: { ...createValidVc(), issuer: bad } }), `issuer ${JSON.stringify(bad)}`);
  });
  it('credential MUST have property "credentialSubject"', async () => {
    const credential = createValidVc();
    delete credential.credentialSubject;
    shouldThrowInvalidInput(await issue({ credential }), 'no credentialSubject');
  });
  it('"credential.credentialSubject" MUST be an object', async () => {
    for (const bad of [null, true, 4, []]) shouldThrowInvalidInput(await issue({ credential: { ...createValidVc(), credentialSubject: bad } }), `credentialSubject ${JSON.stringify(bad)}`);
  });
  it('credential MAY have property "issuanceDate"', async () => {
    const res = await issue({ credential: { ...createValidVc(), issuanceDate: stamp(Date.now()) } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });
  it('credential MAY have property "expirationDate"', async () => {
    const res = await issue({ credential: { ...createValidVc(), expirationDate: stamp(Date.now() + 365 * 24 * 60 * 60 * 1000) } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });
});
