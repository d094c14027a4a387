import { describe, expect, it } from 'vitest';
import { SsoRefusal, type AssertedIdentity } from '../sso/ports.js';
import { linkWithRetry } from './earner-oidc-sign-in.js';

const asserted: AssertedIdentity = { subject: 'g-twin', email: 'twin@mail.example', emailVerified: true, name: 'Twin', roleValues: [], mfa: false };

/**
 * A store as another first sign-in of the same subject leaves it, seen from this one's transaction under read
 * committed: no link yet, no verified holder yet, but the other's account already there (it committed between the
 * two reads); a link by the time the transaction has failed (`linkAppears`), or never (a real unproven account).
 */
function racedStore(linkAppears: boolean) {
  let failed = false;
  const link = { id: 'l1', userId: 'winner' };
  const touched: string[] = [];
  const earnerOidc = {
    findLink: async () => (failed && linkAppears ? link : undefined),
    touchLink: async (id: string) => void touched.push(id),
    findVerifiedEmailHolder: async () => undefined,
    insertLink: async () => undefined,
  };
  const users = {
    findByEmail: async () => {
      failed = true; // the transaction is about to refuse: what the other sign-in committed is then visible
      return { id: 'winner' };
    },
    insert: async () => undefined,
  };
  const addresses = { claim: async () => ({ userId: 'nobody' }) };
  const tx = { earnerOidc, users, addresses };
  const store = { ...tx, transaction: async <T>(fn: (t: typeof tx) => Promise<T>) => fn(tx) };
  return { deps: { store, ids: { id: () => 'new-id' } } as never, touched };
}

describe('two first sign-ins of one subject at once', () => {
  it('the loser that saw the winner account before its address finds the winner link on its retry', async () => {
    const { deps, touched } = racedStore(true);
    await expect(linkWithRetry(deps, 'acme-id', asserted, '2026-12-07T00:00:00Z', () => undefined)).resolves.toBe('winner');
    expect(touched).toEqual(['l1']);
  });

  it('an account whose address was never proven is still refused when no link appears (not a race)', async () => {
    const { deps } = racedStore(false);
    const refused = await linkWithRetry(deps, 'acme-id', asserted, '2026-12-07T00:00:00Z', () => undefined).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SsoRefusal);
    expect((refused as SsoRefusal).reason).toBe('account-address-unproven');
  });
});
