import type { Deps } from '../deps.js';
import type { Principal } from '../auth/permissions.js';
import { sha256Hex } from '../shared/hash.js';
import { markUsed } from './authenticate-client.js';
import { confirmTokenBinding, type PresentedAccessToken } from './dpop.js';
import { OAuthError } from './oauth-error.js';
import type { PresentedToken } from './ports.js';
import { machinePermissions } from './scopes.js';
import { TOKEN_PREFIX } from './secrets.js';

export const looksLikeAccessToken = (value: string): boolean => value.startsWith(TOKEN_PREFIX.accessToken);

/** A live access token (not expired, not revoked, its client not revoked), presented as its binding asks (Bearer or DPoP), or `invalid_token`. */
async function liveAccessToken(deps: Pick<Deps, 'store' | 'clock'>, presented: PresentedAccessToken): Promise<PresentedToken> {
  const token = await deps.store.oauthTokens.findByHash(sha256Hex(presented.value));
  const now = deps.clock.now().getTime();
  if (!token || token.kind !== 'access' || token.revokedAt || Date.parse(token.expiresAt) <= now || token.client.revokedAt) {
    throw new OAuthError('invalid_token', 'the access token is not valid (unknown, expired or revoked)');
  }
  await confirmTokenBinding(deps, token.dpopJkt, presented);
  return token;
}

/**
 * A machine client's access token on Laurel's own API: the organisation of its client, never another; a role
 * from its scopes capped by its maker's role now (no member behind it, no access), and its issuer, if bound to one.
 */
export async function authenticateMachineToken(deps: Pick<Deps, 'store' | 'clock'>, presented: PresentedAccessToken): Promise<Principal> {
  const token = await liveAccessToken(deps, presented);
  const { client } = token;
  if (client.kind !== 'machine' || !token.orgId || token.orgId !== client.orgId || !client.createdBy || !client.creatorRole) {
    throw new OAuthError('invalid_token', 'this access token is not for this API');
  }
  await markUsed(deps, client);
  const { role, permissions } = machinePermissions(token.scopes, client.creatorRole, client.issuerId !== null);
  return {
    kind: 'oauth-client',
    orgId: token.orgId,
    userId: client.createdBy,
    clientId: client.id,
    ...(client.issuerId ? { issuerId: client.issuerId } : {}),
    role,
    permissions,
  };
}

/** Who an earner's access token acts for, once it is known to carry `scope` (RFC 6750 §3.1 `insufficient_scope`). */
export interface EarnerGrant {
  userId: string;
  clientId: string;
  scopes: readonly string[];
  authorizationDetails: unknown[] | null;
}

/**
 * An access token an earner consented to (authorization code grant), carrying `scope` (null: the caller
 * reads the grant's scopes and authorization details itself). Resource servers
 * of earner data call this: the OB 3.0 API, and any other protocol plugged into the authorization server.
 */
export async function authenticateEarnerToken(deps: Pick<Deps, 'store' | 'clock'>, presented: PresentedAccessToken, scope: string | null): Promise<EarnerGrant> {
  const token = await liveAccessToken(deps, presented);
  if (token.client.kind !== 'registered' || !token.userId) throw new OAuthError('invalid_token', 'this access token does not act for an earner');
  if (scope !== null && !token.scopes.includes(scope)) throw new OAuthError('insufficient_scope', `this access token lacks the ${scope} scope`);
  await markUsed(deps, token.client);
  return { userId: token.userId, clientId: token.clientId, scopes: token.scopes, authorizationDetails: token.authorizationDetails };
}
