import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/support/test-app.js';
import type { Repositories } from '../../domain/shared/store.js';
import { PUBLIC_WRITES, trackPublicChanges } from './track-changes.js';
import type { PublicChange } from './public-cache.js';

/** Methods of the watched repositories that change nothing a public page or status list shows. */
const UNWATCHED: Record<string, readonly string[]> = {
  // A new credential has no cached page yet (404s are not kept); insertIssued only counts an allocated index.
  credentials: ['issuingContext', 'keyAndIssuingContext', 'insert', 'insertIssued', 'findById', 'findPublic', 'findManyByIds', 'list', 'listForEarner', 'holdersAmong', 'listRevokedForIssuer'],
  credentialDocuments: ['find'],
  achievements: ['insert', 'findById', 'findPublic', 'findManyPublic', 'list'],
  issuers: ['insert', 'findById', 'findPublic', 'findManyPublic', 'list'],
  organisations: ['insert', 'findById', 'hasAnyOwner'],
  images: ['findById', 'findPublic', 'findBySha256', 'usage'],
  issuerKeys: ['listForIssuer', 'findPublic'],
  statusLists: ['get', 'allocation', 'isIndexTaken'],
  // A VC-API entry gets its index at issue; its bit is set through saveList.
  vcStatus: ['getList', 'findEntry', 'isIndexTaken', 'insertEntry'],
  endorsements: ['findById', 'findByCredentialId', 'findPublic', 'listForOrg', 'listLiveForSubjectOrg', 'listLiveForSubject', 'findForSubjectOrg', 'findShownReceived'],
  privacy: ['credentialsOfRecipient', 'credentialsOfAccount', 'unclaimedBefore', 'accountData', 'memberships', 'recordConsent', 'consents', 'organisationsWithRetention', 'forgetSessionNetworkDetails'],
};

const methodsOf = (repo: object): string[] => {
  const own = Object.keys(repo).filter((k) => typeof (repo as Record<string, unknown>)[k] === 'function');
  const proto = Object.getPrototypeOf(repo) as object | null;
  const inherited = proto && proto !== Object.prototype ? Object.getOwnPropertyNames(proto).filter((k) => k !== 'constructor') : [];
  return [...own, ...inherited];
};

describe('public changes tracked on the store (sqlite)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp('sqlite');
  });
  afterAll(async () => ctx?.close());

  it('every method of a watched repository is either a tracked write or known to change nothing public', () => {
    for (const [name, writes] of Object.entries(PUBLIC_WRITES)) {
      const repo = ctx.deps.store[name as keyof Repositories] as object;
      for (const method of methodsOf(repo)) {
        expect(method in writes! || UNWATCHED[name]!.includes(method), `${name}.${method}: add it to PUBLIC_WRITES or UNWATCHED`).toBe(true);
      }
    }
  });

  it('tells a change after the commit, and nothing for a transaction rolled back', async () => {
    const told: PublicChange[] = [];
    const base = ctx.deps.store;
    const store = trackPublicChanges(base, (c) => told.push(c));
    const seenInside: number[] = [];
    await store.transaction(async (tx) => {
      await tx.statusLists.save({ id: 'no-such-list', bits: new Uint8Array(16), updatedAt: new Date(0).toISOString() });
      seenInside.push(told.length);
    });
    expect(seenInside).toEqual([0]);
    expect(told).toEqual([{ kind: 'status-lists' }]);
    await expect(
      store.transaction(async (tx) => {
        await tx.statusLists.save({ id: 'no-such-list', bits: new Uint8Array(16), updatedAt: new Date(0).toISOString() });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(told).toHaveLength(1);
    await store.credentials.markSuperseded('no-org', 'cred-1', 'cred-2', new Date(0).toISOString());
    expect(told.at(-1)).toEqual({ kind: 'credential', id: 'cred-1' });
  });
});
