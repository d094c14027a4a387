import { describe, expect, it } from 'vitest';
import type { BackpackItem, BulkImport, VerifyReport } from '../api/types';
import { matchPath } from '../router/match';
import { applyFilters, filterChoices, NO_FILTERS, shareLinks } from './backpack';
import { bulkCounts, milestone } from './bulk';
import { summarise, verdictOf } from './verdict';

function item(id: string, over: { name?: string; issuer?: string; kind?: string; tags?: string[]; issuedOn?: string; status?: string; expires?: string | null } = {}): BackpackItem {
  const issuer = over.issuer ?? 'Acme';
  return {
    id,
    achievement: { id: `a-${id}`, name: over.name ?? id, description: '', kind: over.kind ?? 'badge', tags: over.tags ?? [], image: '/x.svg' },
    issuer: { id: `i-${issuer}`, name: issuer, url: 'https://acme.test' },
    recipient: { type: 'email', identity: 'ada@example.org', name: null },
    issuedOn: over.issuedOn ?? '2025-01-01T00:00:00.000Z',
    expires: over.expires ?? null,
    status: over.status ?? 'active',
    visibility: 'private',
    claimed: true,
    links: { page: `https://laurel.test/credentials/${id}`, ob3: '', ob2: '' },
  };
}

describe('backpack filters', () => {
  const items = [
    item('b', { name: 'Bravo', issuer: 'Zeta', kind: 'certificate', tags: ['x'], issuedOn: '2024-05-01T00:00:00.000Z' }),
    item('a', { name: 'Alpha', issuer: 'Acme', tags: ['x', 'y'], issuedOn: '2025-03-01T00:00:00.000Z', status: 'revoked' }),
    item('c', { name: 'Charlie', issuer: 'Acme', issuedOn: '2025-06-01T00:00:00.000Z' }),
  ];

  it('offers the issuers, kinds, tags, statuses and years the backpack holds', () => {
    expect(filterChoices(items)).toEqual({
      issuers: [
        { id: 'i-Acme', name: 'Acme' },
        { id: 'i-Zeta', name: 'Zeta' },
      ],
      kinds: ['badge', 'certificate'],
      tags: ['x', 'y'],
      statuses: ['active', 'revoked'],
      years: ['2025', '2024'],
    });
  });

  it('filters by each field and sorts, without touching the input', () => {
    const ids = (f: Partial<typeof NO_FILTERS>) => applyFilters(items, { ...NO_FILTERS, ...f }).map((i) => i.id);
    expect(ids({})).toEqual(['c', 'a', 'b']);
    expect(ids({ sort: 'oldest' })).toEqual(['b', 'a', 'c']);
    expect(ids({ sort: 'name' })).toEqual(['a', 'b', 'c']);
    expect(ids({ sort: 'issuer' })).toEqual(['c', 'a', 'b']);
    expect(ids({ tag: 'x' })).toEqual(['a', 'b']);
    expect(ids({ kind: 'certificate' })).toEqual(['b']);
    expect(ids({ status: 'revoked' })).toEqual(['a']);
    expect(ids({ year: '2025', issuerId: 'i-Acme' })).toEqual(['c', 'a']);
    expect(items.map((i) => i.id)).toEqual(['b', 'a', 'c']);
  });

  it('fills LinkedIn’s “add to profile” with the certification’s details', () => {
    const links = shareLinks(item('c1', { name: 'First Aid', issuer: 'Acme', issuedOn: '2025-03-15T00:00:00.000Z', expires: '2027-03-15T00:00:00.000Z' }), 'https://laurel.test/credentials/c1', 'First Aid');
    const profile = new URL(links.linkedInProfile).searchParams;
    expect(Object.fromEntries(profile)).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: 'First Aid',
      organizationName: 'Acme',
      issueYear: '2025',
      issueMonth: '3',
      expirationYear: '2027',
      expirationMonth: '3',
      certUrl: 'https://laurel.test/credentials/c1',
      certId: 'c1',
    });
    expect(links.linkedIn).toBe('https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Flaurel.test%2Fcredentials%2Fc1');
    expect(links.email.startsWith('mailto:?subject=First%20Aid&body=')).toBe(true);
  });
});

describe('bulk progress', () => {
  const b = (processed: number, status: BulkImport['status'], results: BulkImport['results'] = []): BulkImport => ({
    id: 'b',
    achievementId: 'a',
    status,
    total: 8,
    processed,
    failed: results.filter((r) => r.status !== 'issued').length,
    results,
    createdAt: '',
    updatedAt: '',
  });

  it('counts awarded and not awarded rows', () => {
    expect(bulkCounts(b(3, 'running', [{ row: 2, email: 'a@x.org', status: 'issued' }, { row: 3, email: 'x', status: 'invalid' }, { row: 4, email: 'c@x.org', status: 'failed' }]))).toEqual({
      issued: 1,
      notIssued: 2,
      percent: 37,
      finished: false,
    });
    // A 100,000-row import's results come a page at a time: the counts come from the import's own.
    expect(bulkCounts({ ...b(8, 'running'), total: 100_000, processed: 40_000, failed: 12, results: [] })).toMatchObject({ issued: 39_988, notIssued: 12, percent: 40 });
  });

  it('announces each quarter and the end, not every poll', () => {
    expect([0, 1, 2, 3, 5, 7, 8].map((n) => milestone(b(n, 'running')))).toEqual([0, 0, 25, 25, 50, 75, 75]);
    expect(milestone(b(8, 'done'))).toBe(100);
  });
});

describe('verification verdicts', () => {
  const report = (over: Partial<VerifyReport>): VerifyReport => ({ valid: true, format: 'ob3-ldp', input: { kind: 'image', image: 'png' }, checks: [{ name: 'proof', ok: true, code: 'proof-valid', params: { method: 'RS256' }, reason: 'ok' }], ...over });

  it('reads a report as laurel verify does', () => {
    expect(verdictOf(report({}))).toBe('valid');
    expect(verdictOf(report({ valid: false, checks: [{ name: 'proof', ok: false, code: 'proof-invalid-signature', reason: 'bad' }] }))).toBe('invalid');
    expect(verdictOf(report({ recipient: { checked: true, matches: false, code: 'recipient-not-matching', params: { recipient: 'a@b.c' }, reason: 'no' } }))).toBe('invalid');
    expect(verdictOf(report({ valid: false, format: 'unknown', checks: [{ name: 'source', ok: false, code: 'source-unavailable', reason: 'unreachable' }] }))).toBe('unchecked');
  });

  it('summarises OB 3.0 (JSON-LD or a JWT payload) and OB 2.0 documents, the issuer only as verified', () => {
    const ob3 = { name: 'Cred', validFrom: '2025-01-01T00:00:00Z', issuer: { id: 'did:web:x', name: 'Acme' }, credentialSubject: { achievement: { name: 'First Aid' } } };
    const verified = { id: 'did:web:badges.acme.example:issuers:1', name: 'Acme' };
    expect(summarise({ credential: ob3, issuer: verified })).toEqual({ name: 'First Aid', issuer: 'Acme', issuerAt: 'badges.acme.example', issued: '2025-01-01T00:00:00Z' });
    expect(summarise({ credential: { vc: ob3, iss: 'did:web:x' }, issuer: verified })).toEqual({ name: 'First Aid', issuer: 'Acme', issuerAt: 'badges.acme.example', issued: '2025-01-01T00:00:00Z' });
    // A name inside the badge is the presenter's word: without a verified issuer, no issuer is shown.
    expect(summarise({ credential: { badge: { name: 'Old badge', issuer: { name: 'Acme' } }, issuedOn: '2020-01-01' } })).toEqual({ name: 'Old badge', issued: '2020-01-01' });
    expect(summarise({ credential: ob3, issuer: { id: 'https://old.example:8443/issuer' } })).toMatchObject({ issuer: 'https://old.example:8443/issuer', issuerAt: 'old.example:8443' });
    expect(summarise({})).toEqual({});
  });
});

describe('route matching', () => {
  it('matches the open pages with their parameters', () => {
    expect(matchPath('/claim/:token', '/claim/abc_DEF-123')).toEqual({ token: 'abc_DEF-123' });
    expect(matchPath('/unsubscribe/:token', '/unsubscribe/tok/')).toEqual({ token: 'tok' });
    expect(matchPath('/verify', '/verify')).toEqual({});
    expect(matchPath('/claim/:token', '/claim/')).toBeUndefined();
    expect(matchPath('/claim/:token', '/claim/a/b')).toBeUndefined();
    expect(matchPath('/claim/:token', '/claim/%E0%A4%A')).toBeUndefined();
    expect(matchPath('/verify', '/credentials/0123456789abcdef')).toBeUndefined();
  });
});
