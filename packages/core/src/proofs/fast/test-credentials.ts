/** Generated OB 3.0 credentials for the fast-path tests: random values, tricky ones often, several structures. */
import type { JsonObject } from '../../contexts/bundled.js';
import { OB3_CREDENTIAL_CONTEXTS } from '../../contexts/urls.js';
import type { Alignment, Evidence } from '../../model.js';
import { buildOpenBadgeCredential } from '../../ob3/index.js';
import { sampleAchievement, sampleAward, sampleIssuer } from '../../ob3/test-data.js';

/** A small deterministic PRNG, so a failure names its seed. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

/** Texts JSON-LD and N-Quads treat specially, and plain ones (so values often repeat). */
const TEXTS = [
  'plain',
  'plain',
  'He said "hi"\\n',
  'line\nbreak\r\ttab',
  'ünïcødé 🎓 — \u2028',
  '\u0000\u001f\u007f',
  '',
  'en-US',
  '@en',
  '@id',
  'https://not-a-link.example/',
  'urn:uuid:00000000-0000-4000-8000-000000000000',
  '<angle> {brace} |pipe| ^caret^ `tick`',
  'Achievement',
  '_:b0',
  // Attempts to smuggle N-Quads lines or canonical labels through a value.
  'x" .\n_:c14n0 <https://evil.example/p> "y',
  '> <https://evil.example/p> <https://evil.example/o> .\n<',
  '_:c14n0',
];

export function trickyText(rnd: () => number): string {
  return rnd() < 0.3 ? `${pick(rnd, TEXTS)} ${Math.floor(rnd() * 1000)}` : pick(rnd, TEXTS);
}

const IDS = (n: number) => [`https://uni.example/evidence/${n}`, `urn:uuid:${n}`, `did:example:${n}`, 'https://uni.example/evidence/shared', `https://uni.example/e?q=${n}&x="y"`];

/**
 * The `n`-th generated credential. Structure (how many evidence items, alignments, results,
 * endorsements) comes from a few choices so that shapes repeat and templates get reused.
 */
export function generatedCredential(
  n: number,
  options: { issuer: string; endorsement?: JsonObject | undefined; structures?: number; distinctValues?: boolean },
): JsonObject {
  const rnd = prng(n * 7919 + 17);
  // Distinct values (each tricky text suffixed) keep one template per structure: the template is reused.
  let counter = 0;
  const text = (r: () => number): string => (options.distinctValues ? `${pick(r, TEXTS)} ${n}.${counter++}` : trickyText(r));
  // Structure from one of a few seeds, values from the credential's own.
  const form = prng((n % (options.structures ?? 12)) * 104729 + 3);
  const evidence: Evidence[] = Array.from({ length: pick(form, [0, 1, 1, 2, 3]) }, (_, i) => ({
    ...(form() < 0.85 ? { id: rnd() < 0.1 ? 'https://uni.example/evidence/shared' : IDS(n * 10 + i)[Math.floor(form() * 5)]! } : {}),
    name: text(rnd),
    narrative: text(rnd),
  }));
  const alignments: Alignment[] = Array.from({ length: pick(form, [0, 1, 2, 3]) }, () => ({
    targetName: text(rnd),
    targetUrl: pick(rnd, ['https://fw.example/systems', 'https://fw.example/other']),
    targetCode: pick(rnd, ['S1', 'S2']),
  }));
  // Sometimes two alignments are identical: two blank nodes with the same first-degree hash.
  if (alignments.length >= 2 && rnd() < 0.3) alignments[1] = { ...alignments[0]! };
  const withResults = form() < 0.3;
  const endorsed = form() < 0.3;
  const achievement = {
    ...sampleAchievement,
    name: text(rnd),
    description: text(rnd),
    tags: Array.from({ length: pick(form, [0, 2]) }, () => pick(rnd, ['rust', 'rust', 'systems', text(rnd)])),
    alignments,
    ...(withResults
      ? {
          details: {
            resultDescriptions: [
              { key: 'grade', name: text(rnd), resultType: 'LetterGrade', allowedValue: ['A', 'B', 'C'] },
              { key: 'rubric', name: 'Rubric', resultType: 'RubricCriterionLevel', rubricCriterionLevel: [{ key: 'pass', name: 'Pass' }, { key: 'merit', name: text(rnd) }] },
            ],
          },
        }
      : {}),
    ...(options.endorsement && endorsed ? { endorsements: [options.endorsement] } : {}),
  };
  const award = {
    ...sampleAward,
    id: `cred-${n}`,
    issuedOn: new Date(Date.UTC(2026, 0, 1 + (n % 28), n % 24, n % 60)).toISOString().replace('.000', ''),
    narrative: text(rnd),
    evidence,
    recipient: { ...sampleAward.recipient, identityHash: `sha256$${n.toString(16).padStart(64, '0')}`, salt: text(rnd) },
    ...(withResults ? { results: [{ resultDescription: 'grade', value: pick(rnd, ['A', 'B']) }, { resultDescription: 'rubric', achievedLevel: pick(rnd, ['pass', 'merit']) }] } : {}),
  };
  const links = { credential: form() < 0.1 ? `urn:uuid:cred-${n}` : `https://badges.example.org/ob3/credentials/cred-${n}`, issuer: options.issuer, achievement: 'https://badges.example.org/ob3/achievements/ach1' };
  return buildOpenBadgeCredential({ issuer: { ...sampleIssuer, description: text(rnd) }, achievement, award, links }) as JsonObject;
}

/** An unsigned OB 3.0 EndorsementCredential of the achievement (sign it to embed it). */
export function endorsementOf(issuer: string): JsonObject {
  return {
    '@context': [...OB3_CREDENTIAL_CONTEXTS],
    id: 'https://endorser.example/endorsements/1',
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: 'Endorsement of "Intro to Rust"',
    issuer: { id: issuer, type: ['Profile'], name: 'Endorser — ünï' },
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'https://badges.example.org/ob3/achievements/ach1', type: ['EndorsementSubject'], endorsementComment: 'Good\ncourse' },
  };
}
