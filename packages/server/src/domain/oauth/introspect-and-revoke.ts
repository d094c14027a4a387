import type { Deps } from '../deps.js';
import { sha256Hex } from '../shared/hash.js';
import { authenticateClient, type ClientCredentials } from './authenticate-client.js';
import { OAuthError } from './oauth-error.js';
import { formatScope } from './scopes.js';

type Deps_ = Pick<Deps, 'store' | 'clock' | 'oauth'>;

/**
 * RFC 7662 token introspection. A client learns about its own tokens only: any other token, and any
 * token no longer usable, is `{active: false}` and nothing more.
 */
export async function introspectToken(deps: Deps_, input: { credentials: ClientCredentials | undefined; token: string | undefined }): Promise<Record<string, unknown>> {
  const client = await authenticateClient(deps, input.credentials);
  if (!input.token) throw new OAuthError('invalid_request', 'token is required');
  const token = await deps.store.oauthTokens.findByHash(sha256Hex(input.token));
  const now = deps.clock.now().getTime();
  const active = token && token.clientId === client.id && !token.revokedAt && !token.usedAt && Date.parse(token.expiresAt) > now && !token.client.revokedAt;
  if (!token || !active) return { active: false };
  return {
    active: true,
    scope: formatScope(token.scopes),
    client_id: token.clientId,
    ...(token.kind === 'access' ? { token_type: token.dpopJkt ? 'DPoP' : 'Bearer' } : {}),
    // RFC 9449 §6.2: the key a DPoP-bound token is bound to.
    ...(token.dpopJkt ? { cnf: { jkt: token.dpopJkt } } : {}),
    exp: Math.floor(Date.parse(token.expiresAt) / 1000),
    iat: Math.floor(Date.parse(token.createdAt) / 1000),
    sub: token.userId ?? token.clientId,
    iss: deps.oauth.issuer,
    ...(token.authorizationDetails ? { authorization_details: token.authorizationDetails } : {}),
  };
}

/**
 * RFC 7009 token revocation. Revoking a refresh token also ends the access tokens of its grant (§2.1);
 * an unknown or already dead token is fine (§2.2: 200 either way). A token of another client is refused.
 */
export async function revokeToken(deps: Deps_, input: { credentials: ClientCredentials | undefined; token: string | undefined }): Promise<void> {
  // A public client may revoke its own tokens (RFC 7009 §5: whoever holds one can use it anyway).
  const client = await authenticateClient(deps, input.credentials, { allowPublic: true });
  if (!input.token) throw new OAuthError('invalid_request', 'token is required');
  const token = await deps.store.oauthTokens.findByHash(sha256Hex(input.token));
  if (!token) return;
  if (token.clientId !== client.id) throw new OAuthError('unauthorized_client', 'this token was not issued to this client');
  const at = deps.clock.now().toISOString();
  if (token.kind === 'refresh') await deps.store.oauthTokens.revokeGrant(token.grantId, at);
  else await deps.store.oauthTokens.revoke(token.id, at);
}
