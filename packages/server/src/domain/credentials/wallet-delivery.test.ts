import { describe, expect, it } from 'vitest';
import type { Deps } from '../deps.js';
import type { Credential } from './ports.js';
import { deliverable, walletDeliveryEntry } from './wallet-delivery.js';

const now = new Date('2026-12-07T12:00:00Z');
const issuer = { id: 'iss-1', orgId: 'org-1', name: 'Northwind' };
const achievement = { id: 'ach-1', orgId: 'org-1', name: 'Rust' };

/** A store that knows one issuer and one achievement, each only in its own organisation. */
function deps(found: { issuer?: boolean; achievement?: boolean } = {}): Pick<Deps, 'store'> {
  const inOrg = <T extends { id: string; orgId: string }>(row: T, present: boolean) => async (orgId: string, id: string) => (present && row.orgId === orgId && row.id === id ? row : undefined);
  return { store: { issuers: { findById: inOrg(issuer, found.issuer ?? true) }, achievements: { findById: inOrg(achievement, found.achievement ?? true) } } } as unknown as Pick<Deps, 'store'>;
}

const award = (over: Partial<Credential> = {}) => ({ id: 'cred-1', orgId: 'org-1', issuerId: 'iss-1', achievementId: 'ach-1', status: 'active', expiresAt: null, ...over }) as Credential;

describe('deliverable', () => {
  it('gives the issuer and achievement of a live award, and of an expired one (it still goes to a wallet)', async () => {
    expect(await deliverable(deps(), 'org-1', award(), now)).toEqual({ issuer, achievement });
    expect(await deliverable(deps(), 'org-1', award({ expiresAt: '2026-01-01T00:00:00Z' }), now)).toEqual({ issuer, achievement });
  });

  it('refuses a revoked or a suspended award', async () => {
    expect(await deliverable(deps(), 'org-1', award({ status: 'revoked' }), now)).toEqual({ refused: 'the credential is revoked' });
    expect(await deliverable(deps(), 'org-1', award({ status: 'suspended' }), now)).toEqual({ refused: 'the credential is suspended' });
  });

  it('refuses an award whose issuer or achievement is gone', async () => {
    expect(await deliverable(deps({ issuer: false }), 'org-1', award(), now)).toEqual({ refused: 'the credential can no longer be issued' });
    expect(await deliverable(deps({ achievement: false }), 'org-1', award(), now)).toEqual({ refused: 'the credential can no longer be issued' });
  });

  it('attack: an award pointing at another organisation’s issuer is refused, not signed by it', async () => {
    expect(await deliverable(deps(), 'org-2', award({ orgId: 'org-2' }), now)).toEqual({ refused: 'the credential can no longer be issued' });
  });
});

describe('walletDeliveryEntry', () => {
  it('records a system action on the credential, with no IP or request of a person', () => {
    expect(walletDeliveryEntry('a-1', 'org-1', 'cred-1', { holder: 'did:key:z6Mk' }, now.toISOString())).toEqual({
      id: 'a-1',
      orgId: 'org-1',
      actorType: 'system',
      actorId: null,
      action: 'credential.wallet-delivery',
      targetType: 'credential',
      targetId: 'cred-1',
      ip: null,
      requestId: null,
      details: { holder: 'did:key:z6Mk' },
      createdAt: '2026-12-07T12:00:00.000Z',
    });
  });
});
