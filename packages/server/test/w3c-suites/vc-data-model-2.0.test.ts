/**
 * The W3C VC Data Model 2.0 test suite (w3c/vc-data-model-2.0-test-suite, tests/*.js), statement by
 * statement, against Laurel's VC-API over HTTP: each `it` names the suite's file and its statement.
 * Inputs are the suite's `tests/input/` fixtures (test-data/w3c-suites/vc-data-model-2.0/SOURCE.md).
 * Statements the suite itself skips ("untestable", "TBD") are not repeated here; see docs/conformance.md.
 */
import type { JsonObject } from '@laurel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_ENGINES } from '../support/test-app.js';
import { accepts, createLocalVp, fixture, localKey, rejects, signPresentationAs, startImplementation, type LocalKey, type SuiteImplementation } from './support/suite-endpoints.js';

const input = (name: string) => fixture('vc-data-model-2.0', `input/${name}`);
const V2 = 'https://www.w3.org/ns/credentials/v2';
const EXAMPLES = 'https://www.w3.org/ns/credentials/examples/v2';

describe.each(CONFORMANCE_ENGINES)('W3C VC DM 2.0 suite (%s)', (engine) => {
  let laurel: SuiteImplementation;
  let issuedVc: JsonObject;
  let issuer: LocalKey;
  let holder: LocalKey;
  const localVp = (name: string, options: { challenge?: string; domain?: string } = {}) => createLocalVp(input(name), { issuer, holder }, options);
  const withHolder = (doc: JsonObject) => JSON.parse(JSON.stringify(doc).replaceAll('{{local-holder}}', holder.did)) as JsonObject;

  beforeAll(async () => {
    laurel = await startImplementation(engine);
    issuedVc = await laurel.issue(input('credential-ok.json'));
    [issuer, holder] = await Promise.all([localKey(), localKey()]);
  });
  afterAll(async () => laurel?.close());

  describe('1.03-conformance.js', () => {
    it('A conforming document MUST be secured by at least one securing mechanism as described in Section 4.12 Securing Mechanisms.', () => {
      expect(issuedVc.type).toContain('VerifiableCredential');
      const proofs = Array.isArray(issuedVc.proof) ? issuedVc.proof : [issuedVc.proof];
      expect(proofs.length).toBeGreaterThan(0);
      for (const proof of proofs) expect(typeof proof).toBe('object');
    });
    it('A conforming issuer implementation MUST include all required properties in the conforming documents it produces.', () => {
      for (const property of ['@context', 'type', 'issuer', 'credentialSubject', 'proof']) expect(issuedVc).toHaveProperty([property]);
    });
    it('A conforming issuer implementation MUST secure the conforming documents it produces using a securing mechanism described in Section 4.12 Securing Mechanisms.', () => {
      expect(issuedVc.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofValue: expect.any(String) });
    });
    it('A conforming verifier implementation MUST perform verification on a conforming document as described in Section 4.12 Securing Mechanisms.', async () => {
      await accepts(laurel.verify(issuedVc), 'Failed to verify credential.');
      const tampered = { ...structuredClone(issuedVc), validFrom: '2023-07-02T19:23:24Z' };
      await rejects(laurel.verify(tampered), 'a credential changed after signing must not verify');
    });
    it('A conforming verifier implementation MUST produce errors when non-conforming documents are detected.', async () => {
      const doc = { type: ['NonconformingDocument'] };
      await rejects(laurel.verify(doc), 'Failed to reject malformed VC.');
      await rejects(laurel.verifyVp(doc), 'Failed to reject malformed VP.');
    });
  });

  describe('4.03-contexts.js', () => {
    it('Verifiable credentials MUST include a @context property.', async () => {
      const vc = await laurel.issue(input('credential-ok.json'));
      expect(Array.isArray(vc['@context'])).toBe(true);
      // The suite accepts either an injected base context or a refusal; Laurel refuses.
      await rejects(laurel.issue(input('credential-no-context-fail-or-inject.json')), 'Failed to reject a VC without an `@context`.');
    });
    it('Verifiable presentations MUST include a @context property.', async () => {
      const valid = await localVp('presentation-ok.json');
      await accepts(laurel.verifyVp(valid), 'verifier rejected VP with valid @context');
      const invalid = structuredClone(valid);
      delete invalid['@context'];
      await rejects(laurel.verifyVp(invalid), 'Failed to reject a VP with a missing @context.');
    });
    it('Verifiable credentials: The value of the @context property MUST be an ordered set where the first item is a URL with the value https://www.w3.org/ns/credentials/v2.', async () => {
      const vc = await laurel.issue(input('credential-ok.json'));
      expect((vc['@context'] as string[])[0]).toBe(V2);
      await rejects(laurel.issue(input('credential-missing-base-context-fail-or-inject.json')), 'Failed to reject a VC that lacked the VC base context URL.');
    });
    it('Verifiable presentations: The value of the @context property MUST be an ordered set where the first item is a URL with the value https://www.w3.org/ns/credentials/v2.', async () => {
      // Signed as given (the proof is valid): only the order of the contexts is wrong.
      await rejects(laurel.verifyVp(await signPresentationAs(input('presentation-context-order-fail.json'), holder)), 'Failed to reject a VP that has the wrong context order.');
      const vp = await localVp('presentation-ok.json');
      vp['@context'] = [EXAMPLES, V2];
      await rejects(laurel.verifyVp(vp), 'Failed to reject a VP with unordered @context.');
      await rejects(laurel.verifyVp(input('presentation-missing-base-context-fail.json')), 'Failed to reject a VP that lacked the VC base context URL.');
    });
    it('Verifiable Credential `@context`: "Subsequent items in the ordered set MUST be composed of any combination of URLs and/or objects where each is processable as a JSON-LD Context."', async () => {
      await accepts(laurel.issue(input('credential-context-combo1-ok.json')), 'Failed to support multiple `@context` URLs.');
      await accepts(laurel.issue(input('credential-context-combo2-ok.json')), 'Failed to support objects in the `@context` Array.');
      await rejects(laurel.issue(input('credential-context-combo3-fail.json')), 'Failed to reject a VC with an invalid `@context` URL.');
      await rejects(laurel.issue(input('credential-context-combo4-fail.json')), 'Failed to reject a VC with an unsupported `@context` value type (number).');
    });
    it('Verifiable Presentation `@context`: "Subsequent items in the ordered set MUST be composed of any combination of URLs and/or objects where each is processable as a JSON-LD Context."', async () => {
      await accepts(laurel.verifyVp(await localVp('presentation-context-combo1-ok.json')), 'Failed to support multiple `@context` URLs in a VP.');
      await accepts(laurel.verifyVp(await localVp('presentation-context-combo2-ok.json')), 'Failed to support objects in the `@context` Array in a VP.');
      const vp = await localVp('presentation-vc-ok.json');
      for (const bad of ['https://example.com', 'https ://not-a-url/contexts/example/v1', 123192875]) {
        const copy = structuredClone(vp);
        (copy['@context'] as unknown[])[1] = bad;
        await rejects(laurel.verifyVp(copy), `Failed to reject a VP with @context[1] = ${JSON.stringify(bad)}.`);
      }
    });
  });

  describe('4.04-identifiers.js', () => {
    it('If present, the value of the id property MUST be a single URL, which MAY be dereferenceable.', async () => {
      await accepts(laurel.issue(input('credential-id-other-ok.json')), 'Failed to accept a VC with a DID credentialSubject identifier.');
      await rejects(laurel.issue(input('credential-id-nonidentifier-fail.json')), 'Failed to reject a credential with a `null` identifier.');
      await accepts(laurel.issue(input('credential-id-single-ok.json')), 'Failed to accept a VC with a valid identifier.');
      await accepts(laurel.issue(input('credential-id-subject-single-ok.json')), 'Failed to accept a VC with a valid credentialSubject identifier');
      await rejects(laurel.issue(input('credential-id-multi-fail.json')), 'Failed to reject a VC with multiple `id` values.');
      await rejects(laurel.issue(input('credential-id-subject-multi-fail.json')), 'Failed to reject a VC with multiple credentialSubject identifiers.');
      await rejects(laurel.issue(input('credential-id-not-url-fail.json')), 'Failed to reject a credential with an invalid identifier.');
    });
  });

  describe('4.05-types.js', () => {
    it('Verifiable credentials MUST contain a type property with an associated value.', async () => {
      await rejects(laurel.issue(input('credential-no-type-fail.json')), 'Failed to reject a VC without a type.');
    });
    it('Verifiable presentations MUST contain a type property with an associated value.', async () => {
      await rejects(laurel.verifyVp(input('presentation-no-type-fail.json')), 'Failed to reject a VP without a type.');
    });
    it('The value of the type property MUST be one or more terms and/or absolute URL strings.', async () => {
      await accepts(laurel.issue(input('credential-type-url-ok.json')), 'Failed to accept a VC with an additional type as a URL.');
      await accepts(laurel.issue(input('credential-type-mapped-url-ok.json')), 'Failed to accept a VC with an additional type defined in the `@context`.');
      await rejects(laurel.issue(input('credential-type-mapped-nonurl-fail.json')), 'Failed to reject a VC with type mapped to an invalid URL.');
      await rejects(laurel.issue(input('credential-type-unmapped-fail.json')), 'Failed to reject a VC with an unmapped (via `@context`) type.');
    });
    it('If more than one (type) value is provided, the order does not matter.', async () => {
      await accepts(laurel.issue(input('credential-type-urls-order-1-ok.json')), 'Failed to accept a VC with different type array ordering (VC type last).');
      await accepts(laurel.issue(input('credential-type-urls-order-2-ok.json')), 'Failed to accept a VC with different type array ordering (VC type middle).');
    });
    it('Verifiable Credential objects MUST have a type specified.', async () => {
      await accepts(laurel.issue(input('credential-optional-type-ok.json')), 'Failed to accept a VC with additional type.');
      await rejects(laurel.issue(input('credential-missing-required-type-fail.json')), 'Failed to reject a VC missing the `VerifiableCredential` type.');
    });
    it('Verifiable Presentation objects MUST have a type specified.', async () => {
      await accepts(laurel.verifyVp(await localVp('presentation-optional-type-ok.json')), 'Failed to accept VP with `@context` mapped type.');
      await rejects(laurel.verifyVp(input('presentation-missing-required-type-fail.json')), 'Failed to reject VP missing `VerifiablePresentation` type.');
    });
    const typed: Array<[string, string, string]> = [
      ['`credentialStatus` objects MUST have a type specified.', 'credential-status-ok.json', 'credential-status-missing-type-fail.json'],
      ['`termsOfUse` objects MUST have a type specified.', 'credential-termsofuse-ok.json', 'credential-termsofuse-missing-type-fail.json'],
      ['`evidence` objects MUST have a type specified.', 'credential-evidence-ok.json', 'credential-evidence-missing-type-fail.json'],
      ['`refreshService` objects MUST have a type specified.', 'credential-refresh-type-ok.json', 'credential-refresh-no-type-fail.json'],
      ['`credentialSchema` objects MUST have a type specified.', 'credential-schema-type-ok.json', 'credential-schema-no-type-fail.json'],
    ];
    it.each(typed)('%s', async (_, ok, fail) => {
      await accepts(laurel.issue(input(ok)), `Failed to accept ${ok}`);
      await rejects(laurel.issue(input(fail)), `Failed to reject ${fail}`);
    });
  });

  describe('4.06-names-and-descriptions.js', () => {
    const cases: Array<[string, string, string]> = [
      ['If present, the value of the name property MUST be a string or a language value object as described in 11.1 Language and Base Direction.', 'credential', 'name'],
      ['If present, the value of the description property MUST be a string or a language value object as described in 11.1 Language and Base Direction.', 'credential', 'description'],
      ['If present (on `issuer`), the value of the name property MUST be a string or a language value object as described in 11.1 Language and Base Direction.', 'issuer', 'name'],
      ['If present (on `issuer`), the value of the description property MUST be a string or a language value object as described in 11.1 Language and Base Direction.', 'issuer', 'description'],
    ];
    it.each(cases)('%s', async (_, on, what) => {
      const dir = 'names-and-descriptions';
      for (const ok of [`${on}-${what}-ok`, `${on}-${what}-optional-ok`, `${on}-${what}-language-en-ok`, `${on}-${what}-language-direction-en-ok`, `${on}-multi-language-${what}-ok`]) {
        await accepts(laurel.issue(input(`${dir}/${ok}.json`)), `Failed to accept ${ok}`);
      }
      await rejects(laurel.issue(input(`${dir}/${on}-${what}-extra-prop-en-fail.json`)), `Failed to reject a VC with ${on} ${what} containing extra properties.`);
    });
  });

  describe('4.07-issuer.js', () => {
    it('A verifiable credential MUST have an issuer property.', async () => {
      expect(await laurel.issue(input('credential-ok.json'))).toHaveProperty('issuer');
    });
    it('The value of the issuer property MUST be either a URL or an object containing an id property whose value is a URL; in either case, the issuer selects this URL to identify itself in a globally unambiguous way.', async () => {
      await accepts(laurel.issue(input('credential-issuer-object-ok.json')), 'Failed to accept an issuer object.');
      await rejects(laurel.issue(input('credential-issuer-no-url-fail.json')), 'Failed to reject an issuer identifier that was not a URL.');
      await rejects(laurel.issue(input('credential-issuer-null-fail.json')), 'Failed to reject a null issuer identifier.');
      await rejects(laurel.issue(input('credential-issuer-object-id-null-fail.json')), 'Failed to reject an issuer object containing a null identifier.');
      await rejects(laurel.issue(input('credential-issuer-object-id-no-url-fail.json')), 'Failed to reject an issuer object containing a non-URL identifier.');
    });
  });

  describe('4.08-credential-subject.js', () => {
    it('A verifiable credential MUST contain a credentialSubject property.', async () => {
      await rejects(laurel.issue(input('credential-no-subject-fail.json')), 'Failed to reject a VC without a `credentialSubject`.');
    });
    it('The value of the credentialSubject property is a set of objects where each object MUST be the subject of one or more claims, which MUST be serialized inside the credentialSubject property.', async () => {
      await rejects(laurel.issue(input('credential-subject-no-claims-fail.json')), 'Failed to reject a VC with an empty `credentialSubject`.');
      await accepts(laurel.issue(input('credential-subject-multiple-ok.json')), 'Failed to accept a VC with multiple `credentialSubject`s.');
      await rejects(laurel.issue(input('credential-subject-multiple-empty-fail.json')), 'Failed to reject VC containing an empty `credentialSubject`.');
    });
  });

  describe('4.09-validity-period.js', () => {
    const stamp = (years: number) => {
      const d = new Date();
      d.setUTCFullYear(d.getUTCFullYear() + years);
      return d.toISOString().replace(/\.\d+Z$/, 'Z');
    };
    /** The suite's testTemporality: a validUntil before validFrom is refused at issuance or at verification. */
    const temporality = async () => {
      await accepts(laurel.issue({ ...input('credential-validUntil-validFrom-ok.json'), validFrom: stamp(-1), validUntil: stamp(1) }), 'Failed to accept a VC with a `validUntil` after its `validFrom`.');
      const negative = { ...input('credential-validUntil-validFrom-fail.json'), validFrom: stamp(1), validUntil: stamp(-1) };
      let issued: JsonObject | undefined;
      try {
        issued = await laurel.issue(negative);
      } catch {
        return;
      }
      await rejects(laurel.verify(issued), 'Failed to reject a VC with a `validUntil` before its `validFrom`.');
    };
    it('If present, the value of the validFrom property MUST be an [XMLSCHEMA11-2] dateTimeStamp string value representing the date and time the credential becomes valid, which could be a date and time in the future or in the past.', async () => {
      await accepts(laurel.issue(input('credential-validfrom-ms-ok.json')), 'Failed to accept a VC with a valid `validFrom` date-time.');
      await accepts(laurel.issue(input('credential-validfrom-tz-ok.json')), 'Failed to accept a VC using the subtractive timezone format.');
      await rejects(laurel.issue(input('credential-validfrom-invalid-fail.json')), 'Failed to reject a VC using an incorrect `validFrom` date-time format.');
    });
    it('If present, the value of the validUntil property MUST be an [XMLSCHEMA11-2] dateTimeStamp string value representing the date and time the credential ceases to be valid, which could be a date and time in the past or in the future.', async () => {
      await accepts(laurel.issue(input('credential-validuntil-ok.json')), 'Failed to accept a VC with a valid `validUntil` date-time.');
      await accepts(laurel.issue(input('credential-validuntil-ms-ok.json')), 'Failed to accept a VC using miliseconds in `validUntil`.');
      await accepts(laurel.issue(input('credential-validuntil-tz-ok.json')), 'Failed to accept a VC using the subtractive timezone format.');
      await rejects(laurel.issue(input('credential-validuntil-invalid-fail.json')), 'Failed to reject a VC using an incorrect `validUntil` date-time format.');
    });
    it('If a validUntil value also exists, the validFrom value MUST express a datetime that is temporally the same or earlier than the datetime expressed by the validUntil value.', temporality);
    it('If a validFrom value also exists, the validUntil value MUST express a datetime that is temporally the same or later than the datetime expressed by the validFrom value.', temporality);
  });

  describe('4.10-status.js', () => {
    it('The type property is REQUIRED.', async () => {
      await rejects(laurel.issue(input('credential-status-missing-type-fail.json')), 'Failed to reject a VC with `credentialStatus` without a `type`.');
    });
    it('The related normative guidance in Section 4.5 Types MUST be followed.', async () => {
      await accepts(laurel.issue(input('credential-status-ok.json')), 'Failed to accept a VC with `credentialStatus` with a `type`.');
      await rejects(laurel.issue(input('credential-status-missing-type-fail.json')), 'Failed to reject a VC with `credentialStatus` without a `type`.');
    });
    it('If present (credentialStatus.id), the normative guidance in Section 4.4 Identifiers MUST be followed.', async () => {
      await accepts(laurel.issue(input('credential-status-missing-id-ok.json')), 'Failed to accept a VC with `credentialStatus` without an `id`.');
      await rejects(laurel.issue(input('credential-status-multiple-id-fail.json')), 'Failed to reject a VC with multiple `credentialStatus.id` values.');
      await rejects(laurel.issue(input('credential-status-nonurl-id-fail.json')), 'Failed to reject a VC with a non-URL `credentialStatus.id`.');
    });
    it('(If a credentialStatus property is present), The type property is REQUIRED. It is used to express the type of status information expressed by the object. The related normative guidance in Section 4.5 Types MUST be followed.', async () => {
      await rejects(laurel.issue(input('credential-status-missing-type-fail.json')), 'Failed to reject a VC missing `credentialStatus.type`.');
      await rejects(laurel.issue(input('credential-status-type-nonurl-fail.json')), 'Failed to reject a VC with a non-URL `credentialStatus.type`.');
      await accepts(laurel.issue(input('credential-status-ok.json')), 'Failed to accept a VC with a valid `credentialStatus`.');
    });
  });

  describe('4.11-data-schemas.js', () => {
    it('The value of the credentialSchema property MUST be one or more data schemas that provide verifiers with enough information to determine whether the provided data conforms to the provided schema(s).', async () => {
      await accepts(laurel.issue(input('credential-schema-ok.json')), 'Failed to accept a VC containing a valid `credentialSchema`.');
      await accepts(laurel.issue(input('credential-schemas-ok.json')), 'Failed to accept a VC containing multiple valid `credentialSchema`.');
    });
    it('Each credentialSchema MUST specify its type (for example, JsonSchema), and an id property that MUST be a URL identifying the schema file.', async () => {
      await rejects(laurel.issue(input('credential-schema-no-type-fail.json')), 'Failed to reject `credentialSchema` without a `type`.');
      await rejects(laurel.issue(input('credential-schema-no-id-fail.json')), 'Failed to reject `credentialSchema` without an `id`.');
      await rejects(laurel.issue(input('credential-schema-non-url-id-fail.json')), 'Failed to reject `credentialSchema` with a numeric `id`.');
    });
    it('If multiple schemas are present, validity is determined according to the processing rules outlined by each associated type property', async () => {
      await accepts(laurel.issue(input('credential-schemas-ok.json')), 'Failed to accept a VC containing multiple valid `credentialSchema`.');
    });
  });

  describe('4.13-verifiable-presentations.js', () => {
    it('If [the `id` field is] present, the normative guidance in Section 4.4 Identifiers MUST be followed.', async () => {
      await accepts(laurel.verifyVp(await localVp('presentation-id-ok.json')), 'Expected the verifier to verify a VP with a valid id.');
    });
    it('The type property MUST be present.', async () => {
      await accepts(laurel.verifyVp(await localVp('presentation-ok.json')), 'Expected the verifier to verify a VP with type VerifiablePresentation.');
    });
    it('One value of this property MUST be VerifiablePresentation, but additional types MAY be included.The related normative guidance in Section 4.5 Types MUST be followed.', async () => {
      await accepts(laurel.verifyVp(await localVp('presentation-ok.json')), 'Expected the verifier to verify a VP with type VerifiablePresentation.');
    });
    it('The verifiableCredential property MAY be present. The value MUST beone or more verifiable credential and/or enveloped verifiable credential objects (the values MUST NOT be non-object values such as numbers, strings, or URLs).', async () => {
      await accepts(laurel.verifyVp(await localVp('presentation-multiple-vc-ok.json')), 'Failed to verify a valid VP.');
    });
    it('If present (holder), the value MUST be either a URL or an object containing an id property.', async () => {
      await accepts(laurel.verifyVp(await signAgain(withHolder(input('presentation-holder-ok.json')))), 'Failed to verify a valid VP with holder.');
      await accepts(laurel.verifyVp(await signAgain(withHolder(input('presentation-holder-object-ok.json')))), 'Failed to verify a valid VP with holder object.');
      await rejects(laurel.verifyVp(await localVp('presentation-holder-object-fail.json')), 'Failed to reject a VP with an invalid holder.');
    });
    /** Signs a presentation whose holder is the local holder key's DID (placeholders resolved first). */
    const signAgain = (vp: JsonObject) => {
      const { proof: _proof, ...unsigned } = vp;
      return signPresentationAs(unsigned, holder);
    };
  });

  describe('4.13-verifiable-presentations.js: VP - Presentations Including Holder Claims', () => {
    /** A self-asserted credential secured only by the presentation's own proof: issued by the holder key, no proof of its own. */
    const selfAsserted = (issuerId: string, holderId?: string): JsonObject => {
      const presentation = input('presentation-vc-ok.json');
      (presentation.verifiableCredential as JsonObject[])[0]!.issuer = issuerId;
      if (holderId !== undefined) presentation.holder = holderId;
      return presentation;
    };
    it('A verifiable presentation that includes a self-asserted verifiable credential that is only secured using the same mechanism as the verifiable presentation MUST include a holder property.', async () => {
      await rejects(laurel.verifyVp(await signPresentationAs(selfAsserted(holder.did), holder)), 'Failed to reject a VP with self-asserted VC without holder.');
    });
    it('When a self-asserted verifiable credential is secured using the same mechanism as the verifiable presentation, the value of the issuer property of the verifiable credential MUST be identical to the holder property of the verifiable presentation.', async () => {
      await accepts(laurel.verifyVp(await signPresentationAs(selfAsserted(holder.did, holder.did), holder)), 'Failed to verify a VP containing a self-asserted VC.');
      await rejects(laurel.verifyVp(await signPresentationAs(selfAsserted(holder.did, 'did:example:acme'), holder)), 'Failed to reject a VP with self-asserted VC with a holder/issuer mismatch.');
      await rejects(laurel.verifyVp(await signPresentationAs(selfAsserted('did:example:acme', holder.did), holder)), 'Failed to reject a VP with self-asserted VC with a holder/issuer mismatch.');
    });
    it('Attack: a presentation signed by one key that names someone else as holder and issuer does not make that someone\'s claims', async () => {
      const victim = await localKey();
      await rejects(laurel.verifyVp(await signPresentationAs(selfAsserted(victim.did, victim.did), holder)), 'accepted a holder claim of a holder whose key did not sign');
    });
  });

  describe('5-advanced-concepts.js', () => {
    it('When processing the active context defined by the base JSON-LD Context document defined in this specification, compliant JSON-LD-based processors produce an error when a JSON-LD context redefines any term.', async () => {
      await rejects(laurel.issue(input('credential-redef-type-fail.json')), 'Failed to reject a VC which redefines the `VerifiableCredential` type.');
      await rejects(laurel.issue(input('credential-redef-type2-fail.json')), 'Failed to reject a VC containing a redefined protected term.');
    });
    it('The value of the relatedResource property MUST be one or more objects of the following form: (the suite\'s well-formed cases)', async () => {
      await accepts(laurel.issue(input('relatedResource/relatedResource-digest-multibase-ok.json')), 'Failed to accept a VC with valid relatedResource objects.');
      await rejects(laurel.issue(input('relatedResource/relatedResource-list-of-strings-fail.json')), 'Failed to reject a VC with a relatedResource as an array of strings.');
      // The same shapes with well-formed SRI digests (base64 of a SHA-256, per W3C Subresource Integrity).
      const sri = input('relatedResource/relatedResource-with-mediaType-ok.json');
      (sri.relatedResource as JsonObject[])[1]!.digestSRI = `sha256-${Buffer.alloc(32, 7).toString('base64')}`;
      await accepts(laurel.issue(sri), 'Failed to accept a VC with valid relatedResource.mediaType values.');
    });
    it('Deviation (docs/conformance.md): the suite\'s "-ok" digestSRI fixtures are not Subresource Integrity values (a hex digest; a base64 value of 33 bytes for sha256), and Laurel refuses them', async () => {
      for (const name of ['relatedResource-digest-sri-ok.json', 'relatedResource-with-mediaType-ok.json']) {
        const res = await laurel.request('POST', '/vc/credentials/issue', { credential: { ...input(`relatedResource/${name}`), issuer: laurel.issuerDid } });
        expect(res.status, name).toBe(400);
        expect(JSON.stringify(res.body.errors)).toContain('digestSRI sha256 digest has the wrong length');
      }
    });
    it('The identifier for the resource is REQUIRED and conforms to the format defined in Section 4.4 Identifiers.', async () => {
      await rejects(laurel.issue(input('relatedResource/relatedResource-missing-id-fail.json')), 'Failed to reject a VC with a relatedResource with no `id` field.');
    });
    it('The value MUST be unique among the list of related resource objects.', async () => {
      await rejects(laurel.issue(input('relatedResource/relatedResource-duplicate-id-fail.json')), 'Failed to reject a VC with a relatedResource with a duplicate `id` field.');
    });
    it('Each object associated with relatedResource MUST contain at least a digestSRI or a digestMultibase value.', async () => {
      await rejects(laurel.issue(input('relatedResource/relatedResource-no-digest-fail.json')), 'Failed to reject a VC with a relatedResource with no digest info.');
    });
    it('If the digest provided by the issuer does not match the digest computed for the retrieved resource, the conforming verifier implementation MUST produce an error.', async () => {
      await rejects(laurel.issue(input('relatedResource/relatedResource-digest-sri-fail.json')), 'Failed to reject a VC with a relatedResource with wrong digest.');
      await rejects(laurel.issue(input('relatedResource/relatedResource-digest-multibase-fail.json')), 'Failed to reject a VC with a relatedResource with wrong digest.');
    });
    it("The value of the refreshService property MUST be one or more refresh services that provides enough information to the recipient's software such that the recipient can refresh the verifiable credential.", async () => {
      await accepts(laurel.issue(input('credential-refresh-ok.json')), 'Failed to accept a VC with a refreshService.');
      await accepts(laurel.issue(input('credential-refreshs-ok.json')), 'Failed to accept a VC with two refreshServices.');
    });
    it('Each refreshService value MUST specify its type.', async () => {
      await rejects(laurel.issue(input('credential-refresh-no-type-fail.json')), 'Failed to reject a VC with `refreshService` without a `type`.');
    });
    it('The value of the termsOfUse property MUST specify one or more terms of use policies under which the creator issued the credential or presentation.', async () => {
      await accepts(laurel.issue(input('credential-termsofuses-ok.json')), 'Failed to accept a VC with termsOfUse.');
    });
    it('Each termsOfUse value MUST specify its type, for example, IssuerPolicy, and MAY specify its instance id.', async () => {
      await rejects(laurel.issue(input('credential-termsofuse-no-type-fail.json')), 'Failed to reject termsOfUse without a type.');
      await accepts(laurel.issue(input('credential-termsofuse-id-ok.json')), 'Failed to accept termsOfUse with an id.');
    });
    it('If present, the value associated with the evidence property is a single object or a set of one or more objects.', async () => {
      await accepts(laurel.issue(input('credential-evidences-ok.json')), 'Failed to accept a VC with evidence.');
    });
  });

  describe('7-algorithms.js', () => {
    it('This section contains an algorithm that conforming verifier implementations MUST run when verifying a verifiable credential or a verifiable presentation.', async () => {
      const vc = await laurel.issue(input('credential-ok.json'));
      await accepts(laurel.verify(vc), 'Failed to verify a valid VC.');
      const vp = await localVp('presentation-ok.json');
      await accepts(laurel.verifyVp(vp), 'Failed to verify a valid VP.');
      (vp.proof as JsonObject).proofValue = 'z5nmMBw2u9TGKd9NxxHJtyZKgjN2Eh';
      await rejects(laurel.verifyVp(vp), 'Failed to reject an invalid VP.');
    });
  });
});
