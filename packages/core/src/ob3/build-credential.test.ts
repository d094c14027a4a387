import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { buildOpenBadgeCredential } from './build-credential.js';
import { sampleAchievement, sampleAward, sampleIssuer, sampleLinks } from './test-data.js';

const shared = join(dirname(fileURLToPath(import.meta.url)), '../../../../test-data/conformance');
const schemaFiles = ['ob3-schemas/ob_v3p0_achievementcredential_schema.json', 'ob3-schemas/strict-2024-09/ob_v3p0_achievementcredential_schema.json'];

function validator(file: string) {
  const ajv = new Ajv2019.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(shared, file), 'utf8')));
}

const did = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';

describe('buildOpenBadgeCredential', () => {
  const credential = buildOpenBadgeCredential({
    issuer: sampleIssuer,
    achievement: sampleAchievement,
    award: sampleAward,
    links: sampleLinks(did),
    status: {
      id: 'https://badges.example.org/status/iss1/revocation#42',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '42',
      statusListCredential: 'https://badges.example.org/status/iss1/revocation',
    },
  });

  it('emits the OB 3.0 shape', () => {
    expect(credential['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
    ]);
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential.issuer).toMatchObject({ id: did, type: ['Profile'], name: 'Example University', image: { id: 'https://uni.example/logo.png', type: 'Image' } });
    expect(credential.validFrom).toBe(sampleAward.issuedOn);
    expect(credential.validUntil).toBe(sampleAward.expires);
    const subject = credential.credentialSubject as Record<string, any>;
    expect(subject.identifier).toEqual([
      { type: 'IdentityObject', identityHash: sampleAward.recipient.identityHash, identityType: 'emailAddress', hashed: true, salt: 'salty' },
    ]);
    expect(subject.achievement).toMatchObject({ achievementType: 'Certificate', tag: ['rust', 'programming'], criteria: { narrative: 'Pass all modules' } });
    expect(subject.achievement.alignment[0]).toMatchObject({ type: ['Alignment'], targetName: 'Systems' });
    expect(credential.evidence).toEqual([expect.objectContaining({ type: ['Evidence'], name: 'Project' })]);
    expect(credential.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusListIndex: '42' });
  });

  it('uses the earner id instead of a hashed identifier when given, and maps kinds', () => {
    const c = buildOpenBadgeCredential({
      issuer: sampleIssuer,
      achievement: { ...sampleAchievement, kind: 'badge', tags: [], alignments: [] },
      award: { ...sampleAward, evidence: [], expires: undefined },
      links: sampleLinks(did),
      subjectId: 'did:example:earner',
    });
    const subject = c.credentialSubject as Record<string, any>;
    expect(subject.id).toBe('did:example:earner');
    expect(subject).not.toHaveProperty('identifier');
    expect(subject.achievement.achievementType).toBe('Badge');
    expect(subject.achievement).not.toHaveProperty('alignment');
    expect(c).not.toHaveProperty('evidence');
    expect(c).not.toHaveProperty('validUntil');
  });

  it('does not mutate its inputs', () => {
    const award = structuredClone(sampleAward);
    const c = buildOpenBadgeCredential({ issuer: sampleIssuer, achievement: sampleAchievement, award, links: sampleLinks(did) });
    (c.credentialSubject as any).achievement.tag.push('x');
    expect(award).toEqual(sampleAward);
    expect(sampleAchievement.tags).toEqual(['rust', 'programming']);
  });

  it.each(schemaFiles)('validates (with a proof array) against %s', (file) => {
    const validate = validator(file);
    const withProof = { ...credential, proof: [{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', created: '2026-01-02T03:04:05Z', proofPurpose: 'assertionMethod', verificationMethod: `${did}#x`, proofValue: 'z1' }] };
    expect(validate(withProof), JSON.stringify(validate.errors)).toBe(true);
    // and the schema is not a pushover
    expect(validate({ ...withProof, type: ['VerifiableCredential'] })).toBe(false);
  });
});
