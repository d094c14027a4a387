import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildOb2Assertion, buildOb2BadgeClass, buildOb2Issuer, buildOb2RevokedAssertion, validateOb2Document } from './index.js';
import type { Ob2Links } from './index.js';
import type { Achievement, Award, IssuerProfile } from '../model.js';

const base = 'https://badges.example.org';
const links: Ob2Links = {
  issuer: (id) => `${base}/ob2/issuers/${id}`,
  badge: (id) => `${base}/ob2/badges/${id}`,
  assertion: (id) => `${base}/ob2/assertions/${id}`,
  badgeImage: (id) => `${base}/ob2/badges/${id}/image`,
};
const issuer: IssuerProfile = { id: 'iss1', name: 'Uni', url: 'https://uni.example', email: 'badges@uni.example' };
const achievement: Achievement = {
  id: 'ach1', issuerId: 'iss1', kind: 'certificate', name: 'Intro', description: 'Completed the course',
  criteria: { narrative: 'Pass all modules' }, tags: ['x'], alignments: [{ targetName: 'T', targetUrl: 'https://fw.example/t' }],
};
const award: Award = {
  id: 'cred1', achievementId: 'ach1', status: 'active', issuedOn: '2026-01-02T03:04:05Z', evidence: [],
  recipient: { type: 'email', identityHash: 'sha256$abcdef0123', salt: 'salt' },
};

describe('OB 2.0 documents', () => {
  it('builds valid issuer, badge class and hosted assertion', () => {
    for (const doc of [buildOb2Issuer(issuer, links), buildOb2BadgeClass(achievement, links), buildOb2Assertion(award, links)]) {
      expect(validateOb2Document(doc)).toEqual([]);
    }
    const a = buildOb2Assertion(award, links);
    expect(a.verification).toEqual({ type: 'hosted' });
    expect(a.badge).toBe(`${base}/ob2/badges/ach1`);
    expect(a).not.toHaveProperty('expires');
    expect(buildOb2BadgeClass(achievement, links).image).toBe(`${base}/ob2/badges/ach1/image`);
  });

  it('reports missing required fields', () => {
    const a = buildOb2Assertion(award, links);
    delete a.issuedOn;
    expect(validateOb2Document(a).map((p) => p.path)).toEqual(['issuedOn']);
    expect(validateOb2Document({ ...buildOb2Issuer(issuer, links), email: 'nope' }).map((p) => p.path)).toEqual(['email']);
  });

  it('builds the revoked form', () => {
    expect(buildOb2RevokedAssertion({ ...award, status: 'revoked', revocationReason: 'fraud' }, links)).toMatchObject({ revoked: true, revocationReason: 'fraud' });
  });

  it('agrees with 1EdTech validator examples', () => {
    const dir = join(dirname(fileURLToPath(import.meta.url)), '../../../../test-data/conformance/ob2-examples/1edtech-validator');
    const basic = JSON.parse(readFileSync(join(dir, 'basic-assertion.json'), 'utf8'));
    expect(validateOb2Document(basic)).toEqual([]);
    expect(readdirSync(join(dir, 'assets')).length).toBeGreaterThan(0);
    const badge = JSON.parse(readFileSync(join(dir, 'assets/badgeclass1.json'), 'utf8'));
    expect(validateOb2Document(badge)).toEqual([]);
  });
});
