import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type JsonObject } from '../contexts/index.js';
import { createDocumentLoader } from '../loader/index.js';
import { toBase64Url } from '../status/base64url.js';
import { credentialStructureProblems, verifyCredential } from './index.js';
import { schemaCheck } from './schema-check.js';

const V2 = 'https://www.w3.org/ns/credentials/v2';
const EXAMPLES = 'https://www.w3.org/ns/credentials/examples/v2';

/** VC DM 2.0 Example 2, "A simple example of a verifiable credential". */
const specExample = (): JsonObject => ({
  '@context': [V2, EXAMPLES],
  id: 'http://university.example/credentials/3732',
  type: ['VerifiableCredential', 'ExampleDegreeCredential'],
  issuer: 'https://university.example/issuers/565049',
  validFrom: '2010-01-01T00:00:00Z',
  credentialSubject: {
    id: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
    degree: { type: 'ExampleBachelorDegree', name: 'Bachelor of Science and Arts' },
  },
});

const problemsOf = (doc: JsonObject) => credentialStructureProblems(doc, []);

/** The bytes a context is bundled from, and their digests, computed here and now. */
const examplesBytes = readFileSync(new URL('../contexts/credentials-examples-v2.json', import.meta.url));
const digest = (algorithm: string, bytes: Uint8Array = examplesBytes) => createHash(algorithm).update(bytes).digest();
const multihash = (code: number, bytes: Buffer) => `u${toBase64Url(Uint8Array.from([code, bytes.length, ...bytes]))}`;

describe('VC Data Model 2.0 rules: the specification’s own examples conform', () => {
  const positives: Array<[string, JsonObject]> = [
    ['Example 2 (simple credential)', {}],
    ['§4.7 issuer object with language value objects (§11.1)', { issuer: { id: 'did:example:76e12ec712ebc6f1c221ebfeb1f', name: { '@value': 'Example University', '@language': 'en' }, description: [{ '@value': 'A public university.', '@language': 'en' }, { '@value': 'Une université publique.', '@language': 'fr-CA' }] } }],
    ['§11.1 right-to-left name', { name: { '@value': 'صفحة ويكيبيديا', '@language': 'ar-EG', '@direction': 'rtl' } }],
    ['§4.10 credentialStatus', { credentialStatus: { id: 'https://university.example/credentials/status/3#94567', type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '94567', statusListCredential: 'https://university.example/credentials/status/3' } }],
    ['§4.11 credentialSchema (two)', { credentialSchema: [{ id: 'https://example.org/examples/degree.json', type: 'JsonSchema' }, { id: 'https://example.org/examples/alumni.json', type: 'JsonSchema' }] }],
    ['§5.4 refreshService', { refreshService: { type: 'VerifiableCredentialRefreshService2021', url: 'https://university.example/workflows/refresh-degree', validFrom: '2021-09-01T19:23:24Z' } }],
    ['§5.5 termsOfUse', { termsOfUse: { type: 'TrustFrameworkPolicy', trustFramework: 'Employment&Life', policyId: 'https://policy.example/jobs/4xr', legalBasis: 'professional qualifications directive' } }],
    ['§5.6 evidence with a digest', { evidence: [{ id: 'https://videos.example/training/alice-espresso.mp4', type: ['Evidence'], name: 'Talk-aloud video of barista', digestMultibase: 'uELq9FnJ5YLa5iAszyJ518bXcnlc5P7xp1u-5uJRDYKvc' }] }],
    ['§4.9 validFrom with milliseconds and an offset', { validFrom: '2010-01-01T19:23:24.123+05:30', validUntil: '2030-01-01T00:00:00-14:00' }],
    ['several subjects, one only an id', { credentialSubject: [{ id: 'did:example:1' }, { name: 'Second' }] }],
    ['§5.3 relatedResource to something not bundled (cannot be read, only its shape checked)', { relatedResource: [{ id: 'https://images.example/alice.png', mediaType: 'image/png', digestSRI: `sha384-${digest('sha384', Buffer.from('a picture')).toString('base64')}` }] }],
  ];
  it.each(positives)('%s', (_, extra) => {
    expect(problemsOf({ ...specExample(), ...extra })).toEqual([]);
  });
});

describe('VC Data Model 2.0 rules: what the W3C VC 2.0 suite must see refused', () => {
  const negatives: Array<[string, JsonObject, RegExp]> = [
    ['credentialStatus without type', { credentialStatus: { id: 'https://example.org/status/1' } }, /credentialStatus\[0\] must have a type/],
    ['credentialStatus type not a string', { credentialStatus: { id: 'did:example:status', type: 2 } }, /credentialStatus\[0\]\.type must be one or more strings/],
    ['credentialStatus id not a URL', { credentialStatus: { id: 'not a url', type: 'BitstringStatusListEntry' } }, /credentialStatus\[0\]\.id must be a single URL/],
    ['credentialStatus with several ids', { credentialStatus: { id: ['https://a.example', 'https://b.example'], type: 'X' } }, /credentialStatus\[0\]\.id must be a single URL/],
    ['credentialSchema without type', { credentialSchema: { id: 'https://example.org/examples/degree.json' } }, /credentialSchema\[0\] must have a type/],
    ['credentialSchema without id', { credentialSchema: { type: 'JsonSchema' } }, /credentialSchema\[0\] must have an id URL/],
    ['credentialSchema id not a URL', { credentialSchema: { id: 12, type: 'JsonSchema' } }, /credentialSchema\[0\]\.id must be a single URL/],
    ['termsOfUse without type', { termsOfUse: { id: 'https://policy.example/1' } }, /termsOfUse\[0\] must have a type/],
    ['evidence without type', { evidence: [{ id: 'https://videos.example/1', name: 'video' }] }, /evidence\[0\] must have a type/],
    ['refreshService without type', { refreshService: { url: 'https://university.example/refresh' } }, /refreshService\[0\] must have a type/],
    ['evidence that is a string', { evidence: 'https://videos.example/1' }, /evidence\[0\] must be an object with a type/],
    ['empty credentialSubject', { credentialSubject: {} }, /credentialSubject\[0\] must make at least one claim/],
    ['one of several subjects empty', { credentialSubject: [{ id: 'did:example:subject' }, {}] }, /credentialSubject\[1\] must make at least one claim/],
    ['subject id not a URL', { credentialSubject: { id: 'subject one', name: 'x' } }, /credentialSubject\[0\]\.id must be a single URL/],
    ['credential id not a URL', { id: 'credential 3732' }, /^id must be a URI/],
    ['second @context not a URL', { '@context': [V2, 'https ://not-a-url/contexts/example/v1'] }, /@context\[1\] must be a URL or an object/],
    ['second @context a number', { '@context': [V2, 5] }, /@context\[1\] must be a URL or an object/],
    ['first @context not v2', { '@context': [EXAMPLES, V2] }, /first @context must be/],
    ['type a number', { type: ['VerifiableCredential', 7] }, /^type must be one or more strings/],
    ['validFrom without a time zone', { validFrom: '2010-01-01T19:23:24' }, /validFrom must be an XML Schema dateTimeStamp/],
    ['validFrom a date only', { validFrom: '2010-01-01' }, /validFrom must be an XML Schema dateTimeStamp/],
    ['validUntil on a day that does not exist', { validUntil: '2023-02-29T00:00:00Z' }, /validUntil must be an XML Schema dateTimeStamp/],
    ['validFrom at hour 25', { validFrom: '2010-01-01T25:00:00Z' }, /validFrom must be an XML Schema dateTimeStamp/],
    ['name value object with an extra property', { name: { '@value': 'Example Credential', '@language': 'en', url: 'did:example:credential' } }, /name: a value object \(@value\) cannot also have url/],
    ['issuer description value object with an extra property', { issuer: { id: 'did:example:issuer', description: { '@value': 'x', '@language': 'en', extra: 1 } } }, /issuer\.description: a value object/],
    ['@direction neither ltr nor rtl', { name: { '@value': 'x', '@language': 'en', '@direction': 'up' } }, /@direction must be "ltr" or "rtl"/],
    ['@language not a language tag', { name: { '@value': 'x', '@language': 'english please' } }, /@language must be a BCP 47 language tag/],
    ['@language with a non-string @value', { credentialSubject: { id: 'did:example:1', motto: { '@value': 3, '@language': 'en' } } }, /@value must be a string/],
    ['name a number', { name: 42 }, /^name must be a string or language value objects/],
    ['relatedResource a string', { relatedResource: 'https://www.w3.org/ns/credentials/v2' }, /relatedResource\[0\] must be an object/],
    ['relatedResource without id', { relatedResource: [{ digestSRI: `sha384-${digest('sha384').toString('base64')}` }] }, /relatedResource\[0\]\.id must be a URL/],
    ['relatedResource without a digest', { relatedResource: [{ id: 'https://images.example/a.png' }] }, /relatedResource\[0\] must have digestSRI or digestMultibase/],
    ['relatedResource id repeated', { relatedResource: [{ id: EXAMPLES, digestSRI: `sha384-${digest('sha384').toString('base64')}` }, { id: EXAMPLES, digestSRI: `sha256-${digest('sha256').toString('base64')}` }] }, /relatedResource\[1\]\.id .* is listed more than once/],
    ['relatedResource digestSRI of an unknown algorithm', { relatedResource: [{ id: 'https://images.example/a.png', digestSRI: 'md5-1B2M2Y8AsgTpgAmY7PhCfg==' }] }, /digestSRI .* is not <sha256\|sha384\|sha512>-<base64>/],
    ['relatedResource digestMultibase not multibase', { relatedResource: [{ id: 'https://images.example/a.png', digestMultibase: 'not-multibase' }] }, /digestMultibase must be multibase/],
  ];
  it.each(negatives)('%s', (_, extra, problem) => {
    const problems = problemsOf({ ...specExample(), ...extra });
    expect(problems.some((p) => problem.test(p)), problems.join('\n')).toBe(true);
  });
});

describe('relatedResource digests of bundled contexts (VC DM 2.0 §5.3)', () => {
  const withResource = (resource: JsonObject): JsonObject => ({ ...specExample(), relatedResource: [resource] });

  it('match the bundled bytes in every digest form', () => {
    const forms: JsonObject[] = [
      { digestSRI: `sha384-${digest('sha384').toString('base64')}` },
      { digestSRI: `sha256-${digest('sha256').toString('base64')} sha512-${digest('sha512').toString('base64')}` },
      { digestMultibase: multihash(0x12, digest('sha256')) },
      { digestMultibase: [multihash(0x16, digest('sha3-256')), multihash(0x20, digest('sha384'))] },
    ];
    for (const form of forms) expect(schemaCheck(withResource({ id: EXAMPLES, ...form }), []), JSON.stringify(form)).toMatchObject({ ok: true, code: 'schema-valid' });
  });

  it('that do not match are refused with their own code', () => {
    const other = Buffer.from('{"@context":{"@vocab":"https://attacker.example/#"}}');
    const forms: JsonObject[] = [
      { digestSRI: `sha384-${digest('sha384', other).toString('base64')}` },
      // SRI: the strongest algorithm decides; a matching weaker digest beside it does not rescue it.
      { digestSRI: `sha256-${digest('sha256').toString('base64')} sha512-${digest('sha512', other).toString('base64')}` },
      { digestMultibase: multihash(0x12, digest('sha256', other)) },
      { digestSRI: `sha384-${digest('sha384').toString('base64')}`, digestMultibase: multihash(0x12, digest('sha256', other)) },
    ];
    for (const form of forms) {
      expect(schemaCheck(withResource({ id: EXAMPLES, ...form }), []), JSON.stringify(form)).toMatchObject({ ok: false, code: 'related-resource-digest-mismatch', params: { url: EXAMPLES } });
    }
    const v2 = schemaCheck(withResource({ id: V2, digestSRI: `sha384-${digest('sha384').toString('base64')}` }), []);
    expect(v2).toMatchObject({ ok: false, code: 'related-resource-digest-mismatch', params: { url: V2 } });
  });

  it('reach the verification report', async () => {
    const bad = withResource({ id: EXAMPLES, digestMultibase: multihash(0x12, digest('sha256', Buffer.from('x'))) });
    const report = await verifyCredential(bad, { documentLoader: createDocumentLoader(), now: () => new Date('2026-01-01T00:00:00Z'), expectedTypes: [] });
    expect(report.valid).toBe(false);
    expect(report.checks.find((c) => c.name === 'schema')).toMatchObject({ ok: false, code: 'related-resource-digest-mismatch' });
  });
});

describe('VC Data Model 1.1 credentials', () => {
  const v1 = (): JsonObject => ({
    '@context': ['https://www.w3.org/2018/credentials/v1', 'https://w3id.org/security/data-integrity/v2'],
    id: 'http://example.edu/credentials/1872',
    type: ['VerifiableCredential'],
    issuer: 'https://example.edu/issuers/565049',
    issuanceDate: '2010-01-01T19:23:24Z',
    expirationDate: '2030-01-01T19:23:24Z',
    credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21' },
  });
  it('conform with issuanceDate / expirationDate', () => {
    expect(problemsOf(v1())).toEqual([]);
  });
  it('need an issuanceDate that is a date-time', () => {
    expect(problemsOf({ ...v1(), issuanceDate: undefined })).toContain('issuanceDate is required');
    expect(problemsOf({ ...v1(), issuanceDate: '1 January 2010' }).join()).toMatch(/issuanceDate must be/);
  });
});
