import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { buildOpenBadgeCredential } from './build-credential.js';
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

describe('a certification with results and credits', () => {
  const doc = buildOpenBadgeCredential({
    issuer: sampleIssuer,
    achievement: {
      ...sampleAchievement,
      kind: 'certification',
      alignments: [{ targetName: 'Data analysis', targetUrl: 'http://data.europa.eu/esco/skill/abc', targetFramework: 'ESCO', targetType: 'ext:ESCO' }],
      details: {
        creditsAvailable: 7.5,
        fieldOfStudy: 'Computer science',
        humanCode: 'CS-101',
        inLanguage: 'en',
        resultDescriptions: [
          { key: 'exam', name: 'Final exam', resultType: 'Percent', valueMin: '0', valueMax: '100', requiredValue: '60' },
          {
            key: 'project',
            name: 'Project rubric',
            resultType: 'RubricCriterionLevel',
            requiredLevel: 'pass',
            rubricCriterionLevel: [
              { key: 'pass', name: 'Proficient', points: '2' },
              { key: 'merit', name: 'Exemplary', points: '3' },
            ],
          },
          { key: 'status', name: 'Completion', resultType: 'Status' },
        ],
      },
    },
    award: {
      ...sampleAward,
      creditsEarned: 7.5,
      results: [
        { resultDescription: 'exam', value: '87' },
        { resultDescription: 'project', achievedLevel: 'merit' },
        { resultDescription: 'status', status: 'Completed' },
      ],
    },
    links: sampleLinks(did),
  });
  const subject = doc.credentialSubject as any;

  it('writes OB 3.0 resultDescription, result, credits and awardedDate', () => {
    const achievement = subject.achievement;
    expect(achievement.creditsAvailable).toBe(7.5);
    expect(achievement.fieldOfStudy).toBe('Computer science');
    expect(achievement.alignment[0].targetType).toBe('ext:ESCO');
    const project = achievement.resultDescription[1];
    expect(project.rubricCriterionLevel.map((l: any) => l.id)).toContain(project.requiredLevel);
    expect(subject.creditsEarned).toBe(7.5);
    // each result points at a result description of the achievement, and a rubric result at one of its levels
    const ids = achievement.resultDescription.map((r: any) => r.id);
    for (const r of subject.result) expect(ids).toContain(r.resultDescription);
    expect(project.rubricCriterionLevel.map((l: any) => l.id)).toContain(subject.result[1].achievedLevel);
    expect(doc.awardedDate).toBe(sampleAward.issuedOn);
  });

  it.each(schemaFiles)('validates against %s, which does look at results', (file) => {
    const validate = validator(file);
    const signed = { ...doc, proof };
    expect(validate(signed), JSON.stringify(validate.errors)).toBe(true);
    const badType = structuredClone(signed) as any;
    badType.credentialSubject.achievement.resultDescription[0].resultType = 'Grade';
    expect(validate(badType)).toBe(false);
    const badCredits = structuredClone(signed) as any;
    badCredits.credentialSubject.creditsEarned = 'seven';
    expect(validate(badCredits)).toBe(false);
  });

  it('passes the structural checks', () => {
    expect(credentialStructureProblems(doc as never)).toEqual([]);
  });
});
