/**
 * The statements every W3C Data Integrity cryptosuite suite runs against an implementation, from the
 * shared w3c-ccg/data-integrity-test-suite-assertion (`suites/verify.js`: "checkDataIntegrityProofVerifyErrors";
 * `suites/create.js`: "checkDataIntegrityProofFormat"), re-expressed as `it`s over Laurel's VC-API. Each
 * title is the statement's text; the request and assertion are written here (never the suites' code).
 */
import type { JsonObject } from '@laurel/core';
import { expect, it } from 'vitest';
import type { SuiteImplementation } from './suite-endpoints.js';
import { rejects } from './suite-endpoints.js';
import type { Vectors } from './di-vectors.js';

/** The suites' `verificationFail`: the verifier answers an error (400), never 2xx, never 5xx. */
async function verificationFail(laurel: SuiteImplementation, credential: unknown, options?: JsonObject): Promise<void> {
  await rejects(laurel.verify(credential, options), 'Expected verifier to reject the credential');
}

/**
 * `checkDataIntegrityProofVerifyErrors` (with the `created` optional tests, as the eddsa and ecdsa suites
 * run them). `expectedProofType` is the proof type the suite names in its statement.
 */
export function dataIntegrityVerifyStatements(get: () => { laurel: SuiteImplementation; vectors: Vectors }, expectedProofType: string, { cryptosuite = true } = {}): void {
  const fail = (credential: unknown, options?: JsonObject) => verificationFail(get().laurel, credential, options);
  const v = (name: Parameters<Vectors['clone']>[0]) => get().vectors.clone(name);

  it('(the suites\' issuedVc) a credential signed by the suite\'s own did:key verifies', async () => {
    const res = await get().laurel.request('POST', '/vc/credentials/verify', { verifiableCredential: v('issuedVc'), options: { checks: ['proof'] } }, false);
    expect(res.status, JSON.stringify(res.body).slice(0, 600)).toBe(200);
    expect(res.body.verified).toBe(true);
  });
  it('If the "proof" field is missing, an error MUST be raised.', async () => {
    const credential = v('issuedVc');
    delete credential.proof;
    await fail(credential);
  });
  it('If the "proof" field is invalid, an error MUST be raised.', async () => {
    await fail({ ...v('issuedVc'), proof: null });
  });
  it('If the "proof.type" field is missing, an error MUST be raised.', async () => {
    const credential = v('issuedVc');
    delete (credential.proof as JsonObject).type;
    await fail(credential);
  });
  it(`If the "proof.type" field is not the string "${expectedProofType}", an error MUST be raised.`, async () => {
    await fail(v('invalidProofType'));
  });
  it('If the "proof.verificationMethod" field is missing, an error MUST be raised.', async () => {
    await fail(v('noVm'));
  });
  it('If the "proof.verificationMethod" field is invalid, an error MUST be raised.', async () => {
    await fail(v('invalidVm'));
  });
  it('If the "proof.proofPurpose" field is missing, an error MUST be raised.', async () => {
    await fail(v('noProofPurpose'));
  });
  it('If the "proof.proofPurpose" field is invalid, an error MUST be raised.', async () => {
    await fail(v('invalidProofPurpose'));
  });
  it('If the "proof.proofPurpose" value does not match "options.expectedProofPurpose", an error MUST be raised.', async () => {
    await fail(v('issuedVc'), { expectedProofPurpose: 'authentication' });
  });
  it('If the "proof.proofValue" field is missing, an error MUST be raised.', async () => {
    const credential = v('issuedVc');
    delete (credential.proof as JsonObject).proofValue;
    await fail(credential);
  });
  it('If the "proof.proofValue" field is invalid, an error MUST be raised.', async () => {
    const credential = v('issuedVc');
    (credential.proof as JsonObject).proofValue = null;
    await fail(credential);
  });
  it('The date and time the proof was created is OPTIONAL and, if included, MUST be specified as an [XMLSCHEMA11-2] dateTimeStamp string, either in Universal Coordinated Time (UTC), denoted by a Z at the end of the value, or with a time zone offset relative to UTC.', async () => {
    await fail(v('invalidCreated'));
  });
  it('(created) Time values that are incorrectly serialized without an offset MUST be interpreted as UTC.', async () => {
    await fail(v('noOffsetCreated'));
  });
  it('(expires) Time values that are incorrectly serialized without an offset MUST be interpreted as UTC.', async () => {
    await fail(v('noOffsetExpires'));
  });
  it('If the "proof.proofValue" field is not multibase-encoded, an error MUST be raised.', async () => {
    const credential = v('issuedVc');
    const proof = credential.proof as JsonObject;
    proof.proofValue = String(proof.proofValue).slice(1);
    await fail(credential);
  });
  if (cryptosuite) {
    it('The value of the cryptosuite property MUST be a string that identifies the cryptographic suite. If the processing environment supports subtypes of string, the type of the cryptosuite value MUST be the https://w3id.org/security#cryptosuiteString subtype of string.', async () => {
      await fail(v('invalidCryptosuite'));
    });
  }
  it('(created is OPTIONAL) a proof signed without "created" verifies', async () => {
    const res = await get().laurel.request('POST', '/vc/credentials/verify', { verifiableCredential: v('noCreated') }, false);
    expect(res.status, JSON.stringify(res.body).slice(0, 600)).toBe(200);
  });
  it('(a changed proofValue) a proof whose signature was changed does not verify', async () => {
    const credential = v('issuedVc');
    const proof = credential.proof as JsonObject;
    const value = String(proof.proofValue);
    // Flip one character of the encoded signature (not the multibase header).
    const i = Math.floor(value.length / 2);
    proof.proofValue = value.slice(0, i) + (value[i] === 'A' ? 'B' : 'A') + value.slice(i + 1);
    await fail(credential);
  });
}

/** XML Schema 1.1 dateTimeStamp, as the suites check `created` / `expires`. */
export const DATE_TIME_STAMP = /^-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|(24:00:00(\.0+)?))(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/;
