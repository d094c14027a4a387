import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { buildOpenBadgeCredential, OB3_REFRESH_SERVICE_TYPE } from './build-credential.js';
import { sampleAchievement, sampleAward, sampleIssuer, sampleLinks } from './test-data.js';
import { credentialStructureProblems } from '../verify/structure.js';

const shared = join(dirname(fileURLToPath(import.meta.url)), '../../../../test-data/conformance');
const schemaFiles = ['ob3-schemas/ob_v3p0_achievementcredential_schema.json', 'ob3-schemas/strict-2024-09/ob_v3p0_achievementcredential_schema.json'];
const did = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
const proof = [{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', created: '2026-01-02T03:04:05Z', proofPurpose: 'assertionMethod', verificationMethod: `${did}#x`, proofValue: 'z1' }];

function validator(file: string) {
  const ajv = new Ajv2019.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(shared, file), 'utf8')));
}

describe('a renewed certification', () => {
  const digestSRI = `sha384-${Buffer.alloc(48, 7).toString('base64')}`;
  const renewed = buildOpenBadgeCredential({
    issuer: sampleIssuer,
    achievement: { ...sampleAchievement, kind: 'certification' },
    award: { ...sampleAward, id: 'cred2', replaces: { id: 'https://badges.example.org/ob3/credentials/cred1', digestSRI } },
    links: { ...sampleLinks(did), credential: 'https://badges.example.org/ob3/credentials/cred2', refresh: 'https://badges.example.org/ob3/credentials/cred2/refresh' },
  });

  it('names the credential it replaces (relatedResource with its digest) and a refresh service', () => {
    expect(renewed.relatedResource).toEqual([{ id: 'https://badges.example.org/ob3/credentials/cred1', digestSRI }]);
    expect(renewed.refreshService).toEqual({ id: 'https://badges.example.org/ob3/credentials/cred2/refresh', type: OB3_REFRESH_SERVICE_TYPE });
    expect((renewed.credentialSubject as any).achievement.achievementType).toBe('Certification');
  });

  it.each(schemaFiles)('validates against %s', (file) => {
    const validate = validator(file);
    const doc = { ...renewed, proof };
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    // a refreshService without its type is refused by the schema: it does look at it
    expect(validate({ ...doc, refreshService: { id: 'https://x.example/r' } })).toBe(false);
  });

  it('passes the structural checks, and a malformed digest does not', () => {
    expect(credentialStructureProblems(renewed as never)).toEqual([]);
    const bad = { ...renewed, relatedResource: [{ id: 'https://badges.example.org/ob3/credentials/cred1', digestSRI: 'sha384-short' }] };
    expect(credentialStructureProblems(bad as never).join(' ')).toMatch(/digestSRI/);
  });
});
