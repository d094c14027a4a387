import { describe, expect, it } from 'vitest';
import type { PresentedApiKey } from '../api-keys/ports.js';
import type { Deps } from '../deps.js';
import { isAppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import { authenticateApiKeyToIssue, prefetchedFor } from './authenticate-to-issue.js';
import type { IssuingContext, KeyAndIssuingContext } from './ports.js';

const now = new Date('2026-12-07T09:00:00.000Z');
const key = (over: Partial<PresentedApiKey> = {}): PresentedApiKey => ({
  id: 'key-1', orgId: 'org-1', name: 'k', prefix: 'lrl_x', keyHash: sha256Hex('secret'), role: 'issuer', scopes: [], createdBy: 'user-1',
  createdAt: now.toISOString(), lastUsedAt: now.toISOString(), expiresAt: null, revokedAt: null, issuerId: null, creatorRole: 'owner', ...over,
});
const context = { achievement: { id: 'ach-1' }, issuer: undefined, organisation: undefined, allocation: undefined, endorsed: false } as unknown as IssuingContext;

/** A store whose one read answers `read`, recording the hash and achievement asked for. */
function depsReading(read: KeyAndIssuingContext) {
  const asked: string[][] = [];
  const store = {
    credentials: { keyAndIssuingContext: async (hash: string, achievementId: string) => (asked.push([hash, achievementId]), read) },
    apiKeys: { markUsed: async () => undefined },
  };
  return { deps: { store, clock: { now: () => now } } as unknown as Pick<Deps, 'store' | 'clock'>, asked };
}

const refusal = async (p: Promise<unknown>) => p.then(() => 'accepted', (e: unknown) => (isAppError(e) ? e.code : 'other'));

describe('authenticateApiKeyToIssue: the key judged as everywhere, read with the issuing context', () => {
  it('a valid key: its principal, and the context tagged with its organisation and the achievement asked for', async () => {
    const { deps, asked } = depsReading({ key: key(), context });
    const { principal, prefetched } = await authenticateApiKeyToIssue(deps, 'secret', 'ach-1');
    expect(asked).toEqual([[sha256Hex('secret'), 'ach-1']]);
    expect(principal).toMatchObject({ kind: 'api-key', orgId: 'org-1', apiKeyId: 'key-1', role: 'issuer' });
    expect(prefetched).toEqual({ orgId: 'org-1', achievementId: 'ach-1', context });
  });

  it('an unknown, revoked, expired, creatorless or demoted-away key is refused, and its context never handed out', async () => {
    for (const read of [
      { key: undefined, context },
      { key: key({ revokedAt: now.toISOString() }), context },
      { key: key({ expiresAt: now.toISOString() }), context },
      { key: key({ createdBy: null }), context },
      { key: key({ creatorRole: null }), context },
      { key: key({ role: 'superuser' as never }), context },
    ]) {
      expect(await refusal(authenticateApiKeyToIssue(depsReading(read).deps, 'secret', 'ach-1'))).toBe('unauthenticated');
    }
  });

  it('the prefetched context serves only the organisation and achievement it was read for', () => {
    const prefetched = { orgId: 'org-1', achievementId: 'ach-1', context };
    expect(prefetchedFor(prefetched, 'org-1', 'ach-1')).toBe(context);
    expect(prefetchedFor(prefetched, 'org-2', 'ach-1')).toBeUndefined();
    expect(prefetchedFor(prefetched, 'org-1', 'ach-2')).toBeUndefined();
    expect(prefetchedFor(undefined, 'org-1', 'ach-1')).toBeUndefined();
  });
});
