import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/permissions.js';
import { rowData } from '../bulk/award-chunk.js';
import type { IssueCredentialData } from './issue-credential.js';
import { awardedCredential, type CheckedAward } from './new-credential.js';

/** The issue path's request data (a wider type than what the builder reads). */
const asData = (d: IssueCredentialData): IssueCredentialData => d;

const principal: Principal = { kind: 'api-key', orgId: 'org-1', apiKeyId: 'key-1', role: 'issuer', permissions: new Set() };
const now = new Date('2026-03-01T10:00:00.000Z');
const award = (over: Partial<CheckedAward> = {}): CheckedAward => ({
  principal,
  achievement: { id: 'ach-1', issuerId: 'iss-1', validity: null },
  defaultVisibility: undefined,
  data: asData({ achievementId: 'ach-1', recipient: { email: 'ada@example.org' } }),
  recipient: { type: 'email', identity: 'ada@example.org', hash: 'sha256$x', salt: 's', name: null },
  evidence: [],
  issuedOn: now,
  ...over,
});

describe('awardedCredential: the new credential of an award, one builder for the issue path and bulk rows', () => {
  it('an active credential of the achievement and its issuer, in the organisation, created by the key that awards', () => {
    expect(awardedCredential(award(), now)).toEqual({
      orgId: 'org-1', issuerId: 'iss-1', achievementId: 'ach-1', recipient: award().recipient, issuedOn: now.toISOString(), expiresAt: null, narrative: null, evidence: [],
      visibility: 'public', renewsCredentialId: null, results: [], creditsEarned: null, createdBy: 'key-1',
      earnerUserId: null, status: 'active', revocationReason: null, revokedAt: null, supersededBy: null, supersededAt: null, createdAt: now.toISOString(), updatedAt: now.toISOString(),
    });
    // A member's key: the member.
    expect(awardedCredential(award({ principal: { ...principal, userId: 'user-1' } }), now).createdBy).toBe('user-1');
  });

  it('the expiry given wins over the achievement’s validity, which counts from the issue date', () => {
    const issuedOn = new Date('2025-01-31T00:00:00.000Z');
    const valid = award({ achievement: { id: 'ach-1', issuerId: 'iss-1', validity: 'P1Y' }, issuedOn });
    expect(awardedCredential(valid, now).expiresAt).toBe('2026-01-31T00:00:00.000Z');
    expect(awardedCredential({ ...valid, data: { ...valid.data, expires: '2030-05-05T00:00:00Z' } }, now).expiresAt).toBe('2030-05-05T00:00:00.000Z');
  });

  it('the visibility asked for, else the organisation’s default, else public', () => {
    expect(awardedCredential(award({ defaultVisibility: 'private' }), now).visibility).toBe('private');
    expect(awardedCredential(award({ defaultVisibility: 'private', data: asData({ achievementId: 'ach-1', recipient: { email: 'a@b.c' }, visibility: 'public' }) }), now).visibility).toBe('public');
  });

  it('results are copied (a later change to the request does not reach the credential), and a renewal names what it renews', () => {
    const results = [{ resultDescription: 'grade', value: 'A' }];
    const built = awardedCredential(award({ data: asData({ achievementId: 'ach-1', recipient: { email: 'a@b.c' }, results, creditsEarned: 3, renews: { credentialId: 'old-1', digestSRI: 'sha384-x' } }) }), now);
    results[0]!.value = 'F';
    expect(built.results).toEqual([{ resultDescription: 'grade', value: 'A' }]);
    expect([built.creditsEarned, built.renewsCredentialId]).toEqual([3, 'old-1']);
  });

  it('a bulk row’s data builds what the same data sent to the issue path would', () => {
    const row = { row: 2, email: 'ada@example.org', name: 'Ada', issuedOn: '2025-06-01T00:00:00.000Z', narrative: 'Passed', evidenceUrl: null };
    const data = rowData('ach-1', row);
    const fromBulk = awardedCredential(award({ data, issuedOn: new Date(data.issuedOn!) }), now);
    expect(fromBulk.narrative).toBe('Passed');
    expect(fromBulk.issuedOn).toBe('2025-06-01T00:00:00.000Z');
    expect(fromBulk).toEqual(awardedCredential(award({ data: asData({ achievementId: 'ach-1', recipient: { email: 'ada@example.org', name: 'Ada' }, issuedOn: '2025-06-01T00:00:00.000Z', narrative: 'Passed' }), issuedOn: new Date('2025-06-01T00:00:00.000Z') }), now));
  });
});
