import type { Deps } from '../deps.js';
import type { Repositories } from '../shared/store.js';
import type { OAuthClient, OAuthToken } from './ports.js';
import { formatScope } from './scopes.js';
import { mint, TOKEN_PREFIX } from './secrets.js';

/** The RFC 6749 §5.1 answer of the token endpoint. */
export interface TokenResponse {
  access_token: string;
  /** `DPoP` when the token is bound to the key of the request's DPoP proof (RFC 9449 §5). */
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  scope: string;
  refresh_token?: string;
  authorization_details?: unknown[];
}

export interface TokenGrant {
  client: OAuthClient;
  userId: string | null;
  scopes: string[];
  authorizationDetails: unknown[] | null;
  grantId: string;
  withRefreshToken: boolean;
  /** DPoP: the thumbprint the access token is bound to (and a public client's refresh token, RFC 9449 §5); null: bearer. */
  dpopJkt: string | null;
}

/** Mints an access token (and a refresh token) for a grant, inside the caller's transaction. */
export async function issueTokens(deps: Pick<Deps, 'clock' | 'ids' | 'oauth'>, tx: Repositories, grant: TokenGrant): Promise<TokenResponse> {
  const now = deps.clock.now();
  const publicClient = grant.client.kind === 'registered' && grant.client.metadata?.token_endpoint_auth_method === 'none';
  const row = (kind: OAuthToken['kind'], hash: string, ttl: number): OAuthToken => ({
    id: deps.ids.id(),
    tokenHash: hash,
    kind,
    clientId: grant.client.id,
    orgId: grant.client.orgId,
    userId: grant.userId,
    scopes: grant.scopes,
    authorizationDetails: grant.authorizationDetails,
    grantId: grant.grantId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ttl * 1000).toISOString(),
    usedAt: null,
    revokedAt: null,
    // A confidential client's refresh token is bound by its client authentication, a public client's by its DPoP key.
    dpopJkt: kind === 'access' || publicClient ? grant.dpopJkt : null,
  });
  const access = mint(deps.ids, TOKEN_PREFIX.accessToken);
  await tx.oauthTokens.insert(row('access', access.hash, deps.oauth.accessTokenTtlSeconds));
  const response: TokenResponse = { access_token: access.value, token_type: grant.dpopJkt ? 'DPoP' : 'Bearer', expires_in: deps.oauth.accessTokenTtlSeconds, scope: formatScope(grant.scopes) };
  if (grant.withRefreshToken) {
    const refresh = mint(deps.ids, TOKEN_PREFIX.refreshToken);
    await tx.oauthTokens.insert(row('refresh', refresh.hash, deps.oauth.refreshTokenTtlSeconds));
    response.refresh_token = refresh.value;
  }
  if (grant.authorizationDetails) response.authorization_details = grant.authorizationDetails;
  return response;
}
