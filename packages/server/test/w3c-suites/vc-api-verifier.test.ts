/**
 * The CCG VC-API verifier suite (w3c-ccg/vc-api-verifier-test-suite, tests/10-vc-di.js, "Verify
 * Credential - Data Integrity"), statement by statement, against Laurel's POST /vc/credentials/verify
 * over HTTP with the suite's own signed vector (mock-data/valid-vc-di.json: VC 1.1, Ed25519Signature2020,
 * a did:key issuer). That vector expired on 2022-05-31, so Laurel runs here on a clock set to 2022-04-01,
 * inside its validity period, as the suite meant it; on today's clock Laurel (rightly) says `expired`.
 */
import type { JsonObject } from '@laurel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_ENGINES } from '../support/test-app.js';
import { fixture, startImplementation, type SuiteImplementation } from './support/suite-endpoints.js';

const validVc = () => fixture('vc-api-verifier', 'valid-vc-di.json');
const APRIL_2022 = new Date('2022-04-01T00:00:00Z');

describe.each(CONFORMANCE_ENGINES)('CCG VC-API verifier suite (%s)', (engine) => {
  let laurel: SuiteImplementation;
  /** The suite's createBody + verifier.verify: the raw answer. */
  const verify = (vc: unknown) => laurel.request('POST', '/vc/credentials/verify', { verifiableCredential: vc, options: { checks: ['proof'] } }, false);
  /** The suite's testBadRequestError: a 400 answer. */
  const testBadRequestError = async (vc: unknown, what: string) => {
    const res = await verify(vc);
    expect(res.status, `${what}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(400);
  };
  const without = (path: string[]): JsonObject => {
    const copy = validVc();
    let target: JsonObject = copy;
    for (const key of path.slice(0, -1)) target = target[key] as JsonObject;
    delete target[path.at(-1)!];
    return copy;
  };

  beforeAll(async () => {
    laurel = await startImplementation(engine, { clock: { now: () => new Date(APRIL_2022) } });
  });
  afterAll(async () => laurel?.close());

  it('MUST verify a valid VC.', async () => {
    const res = await verify(validVc());
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    expect(res.body.verified).toBe(true);
  });
  const missing: Array<[string, string[]]> = [
    ['MUST not verify if "@context" property is missing.', ['@context']],
    ['MUST not verify if "type" property is missing.', ['type']],
    ['MUST not verify if "issuer" property is missing.', ['issuer']],
    ['MUST not verify if "credentialSubject" property is missing.', ['credentialSubject']],
    ['MUST not verify if "proof" property is missing.', ['proof']],
    ['MUST not verify if "proof.type" property is missing.', ['proof', 'type']],
    ['MUST not verify if "proof.created" property is missing.', ['proof', 'created']],
    ['MUST not verify if "proof.verificationMethod" property is missing.', ['proof', 'verificationMethod']],
    ['MUST not verify if "proof.proofValue" property is missing.', ['proof', 'proofValue']],
    ['MUST not verify if "proof.proofPurpose" property is missing.', ['proof', 'proofPurpose']],
  ];
  it.each(missing)('%s', async (title, path) => testBadRequestError(without(path), title));
  // `undefined` values are dropped by JSON, exactly as the suite's HTTP client drops them.
  const invalid: Array<[string, string, unknown[], boolean]> = [
    ['MUST not verify if "@context" is not an array.', '@context', ['string', {}, null, undefined, 10, true], false],
    ['MUST not verify if "@context" items are not strings.', '@context', [[], {}, null, undefined, 10, true], true],
    ['MUST not verify if "type" is not an array.', 'type', ['string', {}, null, undefined, 10, true], false],
    ['MUST not verify if "type" items are not strings.', 'type', [[], {}, null, undefined, 10, true], true],
    ['MUST not verify if "issuer" is not an object or a string.', 'issuer', [[], null, undefined, 10, true], false],
    ['MUST not verify if "credentialSubject" is not an object.', 'credentialSubject', ['string', null, undefined, 10, true, []], false],
    ['MUST not verify if "proof" is not an object.', 'proof', ['string', null, undefined, 10, true, []], false],
  ];
  it.each(invalid)('%s', async (title, property, values, asItem) => {
    for (const value of values) await testBadRequestError({ ...validVc(), [property]: asItem ? [value] : value }, `${title} (${JSON.stringify(value)})`);
  });

  it('(the vector on today\'s clock) an expired credential does not verify', async () => {
    const today = await startImplementation(engine);
    try {
      const res = await today.request('POST', '/vc/credentials/verify', { verifiableCredential: validVc() }, false);
      expect(res.status).toBe(400);
      expect((res.body.results as Array<{ name: string; code: string }>).find((r) => r.name === 'validity')?.code).toBe('expired');
    } finally {
      await today.close();
    }
  });
});
