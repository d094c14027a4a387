/**
 * The W3C Bitstring Status List suite (w3c/vc-bitstring-status-list-test-suite: tests/10-data_model.js,
 * 20-algorithms.js, 30-interop.js), statement by statement, against Laurel over HTTP. The suite issues
 * its `validVc.json` with no options and expects the issuer to add the status entry itself: here the
 * issuer is configured so (`vcApiStatusPurposes: ['revocation']`, PATCH /api/v1/issuers/:id), and the
 * status list credential is read where the entry points (Laurel's public /status/... URL, over HTTP).
 */
import { gunzipSync } from 'node:zlib';
import type { JsonObject } from '@laurel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, ENGINES } from '../support/test-app.js';
import { accepts, fixture, rejects, startImplementation, type SuiteImplementation } from './support/suite-endpoints.js';

const BIT_STATUS_SUITE = 'bitstring-status-list';

describe.each(ENGINES)('W3C Bitstring Status List suite (%s)', (engine) => {
  let laurel: SuiteImplementation;
  let issuedVc: JsonObject;
  let statusEntries: JsonObject[];
  let statusListCredentials: JsonObject[];
  let n = 0;

  /** The suite's issueValidVc: validVc.json with a fresh urn:uuid id, issued as is. */
  const issueValidVc = () => laurel.issue({ ...fixture(BIT_STATUS_SUITE, 'validVc.json'), id: `urn:uuid:9d1e2f3a-4b5c-4d6e-8f70-${String(++n).padStart(12, '0')}` });
  /** Dereferences a statusListCredential URL: Laurel's public base URL is served by this same app. */
  const dereference = async (url: string) => {
    expect(url.startsWith(`${BASE_URL}/`), url).toBe(true);
    const res = await laurel.request('GET', url.slice(BASE_URL.length), undefined, false);
    expect(res.status, url).toBe(200);
    return res.body;
  };
  /** The suite's decodeSl: multibase base64url (no padding) of a GZIP bitstring. */
  const decodeSl = (encodedList: unknown) => {
    expect(typeof encodedList).toBe('string');
    const text = encodedList as string;
    expect(text[0], 'Expected encodedList to be a Multibase-encoded base64url value.').toBe('u');
    expect(text.slice(1)).toMatch(/^[A-Za-z0-9_-]+$/);
    return gunzipSync(Buffer.from(text.slice(1), 'base64url'));
  };
  /** The suite's testCredential, for VC DM 2.0. */
  const conformingCredential = (credential: JsonObject) => {
    expect((credential['@context'] as string[])[0]).toBe('https://www.w3.org/ns/credentials/v2');
    expect(credential.type).toContain('VerifiableCredential');
    expect(typeof credential.id).toBe('string');
    expect(typeof credential.credentialSubject).toBe('object');
    expect(['string', 'object']).toContain(typeof credential.issuer);
    expect(credential.proof).toBeTypeOf('object');
  };
  /** The suite's testSlCredential, for VC DM 2.0. */
  const statusListCredential = (slc: JsonObject) => {
    conformingCredential(slc);
    expect(slc.type).toEqual(expect.arrayContaining(['VerifiableCredential', 'BitstringStatusListCredential']));
    expect(Object.keys(slc.credentialSubject as JsonObject).sort()).toEqual(['encodedList', 'id', 'statusPurpose', 'type']);
  };

  beforeAll(async () => {
    laurel = await startImplementation(engine);
    const configured = await laurel.request('PATCH', `/api/v1/issuers/${laurel.issuerId}`, { vcApiStatusPurposes: ['revocation'] });
    expect(configured.status).toBe(200);
    issuedVc = await issueValidVc();
    const status = issuedVc.credentialStatus;
    statusEntries = (Array.isArray(status) ? status : [status]) as JsonObject[];
    statusListCredentials = await Promise.all(statusEntries.map((e) => dereference(String(e.statusListCredential))));
  });
  afterAll(async () => laurel?.close());

  describe('10-data_model.js: Data Model: BitstringStatusList Entry', () => {
    it('Any expression of the data model in this section MUST be expressed in a conforming verifiable credential as defined in [VC-DATA-MODEL-2.0].', () => {
      conformingCredential(issuedVc);
      expect(statusEntries.length).toBeGreaterThan(0);
    });
    it('If present, the id value is expected to be a URL that identifies the status information associated with the verifiable credential. It MUST NOT be the URL for the status list.', () => {
      for (const entry of statusEntries) {
        expect(typeof entry.id).toBe('string');
        expect(() => new URL(String(entry.id))).not.toThrow();
        expect(entry.id).not.toBe(entry.statusListCredential);
      }
    });
    it('The type property MUST be BitstringStatusListEntry. ', () => {
      for (const entry of statusEntries) expect(entry.type).toBe('BitstringStatusListEntry');
    });
    it('The purpose of the status entry MUST be a string.', () => {
      for (const entry of statusEntries) expect(typeof entry.statusPurpose).toBe('string');
    });
    it('The statusListIndex property MUST be an arbitrary size integer greater than or equal to 0, expressed as a string in base 10.', () => {
      for (const entry of statusEntries) {
        expect(typeof entry.statusListIndex).toBe('string');
        expect(String(Number.parseInt(String(entry.statusListIndex), 10))).toBe(entry.statusListIndex);
        expect(Number.parseInt(String(entry.statusListIndex), 10)).toBeGreaterThanOrEqual(0);
      }
    });
    it('The statusListCredential property MUST be a URL to a verifiable credential.', () => {
      statusEntries.forEach((entry, i) => {
        expect(() => new URL(String(entry.statusListCredential))).not.toThrow();
        statusListCredential(statusListCredentials[i]!);
      });
    });
    it('When the URL is dereferenced, the resulting verifiable credential MUST have type property that includes the BitstringStatusListCredential value.', () => {
      for (const slc of statusListCredentials) {
        expect(Array.isArray(slc.type)).toBe(true);
        expect(slc.type).toContain('BitstringStatusListCredential');
      }
    });
    // statusSize / statusMessage / statusReference: Laurel's VC-API entries carry none (1-bit revocation
    // and suspension entries), so the suite skips these five statements for it. Laurel's own OB 3.0
    // credentials do carry a 2-bit `message` entry; docs/conformance.md explains the suite's reading of
    // "the number of status messages MUST equal the number of possible values" (it compares to statusSize).
  });

  describe('10-data_model.js: Data Model: BitstringStatusList Credential', () => {
    it('When a status list verifiable credential is published, it MUST be a conforming document, as defined in [VC-DATA-MODEL-2.0].', async () => {
      for (const slc of statusListCredentials) {
        statusListCredential(slc);
        await accepts(laurel.verify(slc), 'the status list credential does not verify');
      }
    });
    it('The verifiable credential that contains the status list MAY express an id property that matches the value specified in statusListCredential for the corresponding BitstringStatusListEntry.', () => {
      statusEntries.forEach((entry, i) => expect(statusListCredentials[i]!.id).toBe(entry.statusListCredential));
    });
    it('The verifiable credential that contains the status list MUST express a type property that includes the BitstringStatusListCredential value.', () => {
      for (const slc of statusListCredentials) expect(slc.type).toContain('BitstringStatusListCredential');
    });
    it('The type of the credential subject, which is the status list, MUST be BitstringStatusList.', () => {
      for (const slc of statusListCredentials) expect((slc.credentialSubject as JsonObject).type).toBe('BitstringStatusList');
    });
    it('The value of the purpose property of the status entry, statusPurpose, MUST be one or more strings.', () => {
      for (const slc of statusListCredentials) {
        const purpose = (slc.credentialSubject as JsonObject).statusPurpose;
        expect(typeof purpose === 'string' || (Array.isArray(purpose) && purpose.every((p) => typeof p === 'string'))).toBe(true);
      }
    });
    it('The encodedList property of the credential subject MUST be a Multibase-encoded base64url (with no padding) [RFC4648] representation of the GZIP-compressed [RFC1952] bitstring values for the associated range of verifiable credential status values.', () => {
      for (const slc of statusListCredentials) decodeSl((slc.credentialSubject as JsonObject).encodedList);
    });
    it('The uncompressed bitstring MUST be at least 16KB in size.', () => {
      for (const slc of statusListCredentials) expect(decodeSl((slc.credentialSubject as JsonObject).encodedList).length).toBeGreaterThanOrEqual(16 * 1024);
    });
  });

  describe('20-algorithms.js', () => {
    it('Algorithm: If an implementation of any of the algorithms in this section processes a property defined in Section 2. Data Model whose value is malformed due to not complying with associated "MUST" statements, a MALFORMED_VALUE_ERROR MUST be raised.', async () => {
      const credential = { ...fixture(BIT_STATUS_SUITE, 'validVc.json'), statusEntry: { type: 'BitstringStatusListEntry', statusListIndex: true, statusListCredential: 'https://example.com' } };
      await rejects(laurel.issue(credential), 'Failed to reject a credential with an invalid BitstringStatusListEntry.');
      // And where it belongs: a malformed entry in credentialStatus.
      await rejects(laurel.issue({ ...fixture(BIT_STATUS_SUITE, 'validVc.json'), credentialStatus: { type: 'BitstringStatusListEntry', statusListIndex: true, statusListCredential: 'https://example.com' } }), 'Failed to reject a malformed credentialStatus entry.');
    });
    it('Algorithm: Generate Algorithm: The following process, or one generating the exact output, MUST be followed when producing a BitstringStatusListCredential.', () => {
      for (const slc of statusListCredentials) statusListCredential(slc);
    });
    it('Algorithm: Validate Algorithm: The following process, or one generating the exact output, MUST be followed when validating a verifiable credential that is contained in a BitstringStatusListCredential', async () => {
      const fresh = await issueValidVc();
      const result = await accepts(laurel.verify(fresh), 'a fresh credential must verify');
      expect((result.results as Array<{ name: string; ok: boolean }>).find((r) => r.name === 'status')).toMatchObject({ ok: true });
      // ... and the bit, once set through POST /vc/credentials/status, is what the verifier reads.
      const set = await laurel.request('POST', '/vc/credentials/status', { credentialId: fresh.id, credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }] });
      expect(set.status, JSON.stringify(set.body)).toBe(200);
      await rejects(laurel.verify(fresh), 'a revoked credential must not verify');
    });
    it('Algorithm: Bitstring Generation Algorithm: The following process, or one generating the exact output, MUST be followed when generating a status list bitstring.', () => {
      for (const slc of statusListCredentials) decodeSl((slc.credentialSubject as JsonObject).encodedList);
    });
    it('Algorithm: Bitstring Expansion Algorithm: The following process, or one generating the exact output, MUST be followed when expanding a compressed status list bitstring.', async () => {
      await accepts(laurel.verify(await issueValidVc()), 'Failed to verify a credential with a status entry.');
    });
  });

  describe('30-interop.js', () => {
    it('Laurel should verify Laurel', async () => {
      await accepts(laurel.verify(await issueValidVc()), 'Laurel did not verify its own credential');
    });
  });
});
