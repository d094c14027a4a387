import type { Deps } from '../deps.js';
import { sha256Hex } from '../shared/hash.js';
import { authenticateClient, type ClientCredentials } from './authenticate-client.js';
import { dpopBinding, type DpopRequest } from './dpop.js';
import { issueTokens, type TokenResponse } from './issue-tokens.js';
import { OAuthError } from './oauth-error.js';
import type { PresentedClient } from './ports.js';
import { parseScope } from './scopes.js';
import { pkceMatches } from './secrets.js';

export type TokenRequestDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'oauth'>;

export interface TokenRequestInput {
  credentials: ClientCredentials | undefined;
  /** The form parameters, each at most once (the adapter refuses repeats). */
  params: Readonly<Record<string, string>>;
  /** The request's DPoP proofs, method and URL (RFC 9449): with a proof, the tokens are bound to its key. */
  dpop?: DpopRequest | undefined;
}

const required = (params: Readonly<Record<string, string>>, name: string): string => {
  const v = params[name];
  if (!v) throw new OAuthError('invalid_request', `${name} is required`);
  return v;
};

/** A requested `scope` may narrow what was granted, never widen it (RFC 6749 §3.3, §6). */
function narrowed(granted: readonly string[], requested: string | undefined): string[] {
  if (requested === undefined) return [...granted];
  const asked = parseScope(requested);
  const above = asked.filter((s) => !granted.includes(s));
  if (asked.length === 0 || above.length > 0) throw new OAuthError('invalid_scope', `the scope exceeds what was granted${above.length ? `: ${above.join(' ')}` : ''}`);
  return asked;
}

/** The token endpoint (RFC 6749 §3.2): client credentials, authorization code (+ PKCE) and refresh token grants. */
export async function tokenRequest(deps: TokenRequestDeps, input: TokenRequestInput): Promise<TokenResponse> {
  const grantType = required(input.params, 'grant_type');
  if (!['client_credentials', 'authorization_code', 'refresh_token'].includes(grantType)) throw new OAuthError('unsupported_grant_type', `grant_type ${grantType} is not supported`);
  const client = await authenticateClient(deps, input.credentials, { allowPublic: true });
  const jkt = await dpopBinding(deps, input.dpop);
  if (grantType === 'client_credentials') return clientCredentialsGrant(deps, client, input.params, jkt);
  if (grantType === 'authorization_code') return authorizationCodeGrant(deps, client, input.params, jkt);
  return refreshTokenGrant(deps, client, input.params, jkt);
}

async function clientCredentialsGrant(deps: TokenRequestDeps, client: PresentedClient, params: Readonly<Record<string, string>>, dpopJkt: string | null): Promise<TokenResponse> {
  if (client.kind !== 'machine') throw new OAuthError('unauthorized_client', 'this client may not use the client credentials grant');
  const scopes = narrowed(client.scopes, params.scope);
  return deps.store.transaction((tx) => issueTokens(deps, tx, { client, userId: null, scopes, authorizationDetails: null, grantId: deps.ids.id(), withRefreshToken: false, dpopJkt }));
}

/**
 * RFC 6749 §4.1.3 with RFC 7636: the code is single-use; a second use is an attack (the code leaked), so
 * it is refused and every token issued from it is revoked (§4.1.2). The redirect_uri and the PKCE
 * verifier must match the authorization request.
 */
async function authorizationCodeGrant(deps: TokenRequestDeps, client: PresentedClient, params: Readonly<Record<string, string>>, dpopJkt: string | null): Promise<TokenResponse> {
  if (client.kind !== 'registered' || !client.metadata?.grant_types.includes('authorization_code')) throw new OAuthError('unauthorized_client', 'this client may not use the authorization code grant');
  const code = required(params, 'code');
  const found = await deps.store.authorizations.findByCodeHash(sha256Hex(code));
  const now = deps.clock.now();
  if (!found || found.clientId !== client.id || found.decision !== 'approved' || !found.userId || !found.grantId) throw new OAuthError('invalid_grant', 'the authorization code is not valid');
  if (found.codeUsedAt) {
    await deps.store.oauthTokens.revokeGrant(found.grantId, now.toISOString());
    throw new OAuthError('invalid_grant', 'the authorization code was used already; the tokens issued from it are revoked');
  }
  if (!found.codeExpiresAt || Date.parse(found.codeExpiresAt) <= now.getTime()) throw new OAuthError('invalid_grant', 'the authorization code has expired');
  if (params.redirect_uri !== found.redirectUri) throw new OAuthError('invalid_grant', 'redirect_uri does not match the authorization request');
  const verifier = params.code_verifier;
  if (!verifier || !pkceMatches(verifier, found.codeChallenge)) throw new OAuthError('invalid_grant', 'the PKCE code_verifier does not match the code_challenge');
  const scopes = narrowed(found.scopes, params.scope);
  const { grantId, userId } = found;
  const issued = await deps.store.transaction(async (tx) => {
    // Two requests racing with one code: one wins this update, the other is a replay.
    if (!(await tx.authorizations.useCode(found.id, now.toISOString()))) return null;
    const withRefreshToken = client.metadata?.grant_types.includes('refresh_token') === true;
    return issueTokens(deps, tx, { client, userId, scopes, authorizationDetails: found.authorizationDetails, grantId, withRefreshToken, dpopJkt });
  });
  if (issued) return issued;
  await deps.store.oauthTokens.revokeGrant(grantId, now.toISOString());
  throw new OAuthError('invalid_grant', 'the authorization code was used already; the tokens issued from it are revoked');
}

/**
 * RFC 6749 §6 with rotation (OAuth 2.0 Security BCP §4.14.2): each refresh token works once and is replaced;
 * presenting a used one means it was stolen, so the whole grant is revoked.
 */
async function refreshTokenGrant(deps: TokenRequestDeps, client: PresentedClient, params: Readonly<Record<string, string>>, dpopJkt: string | null): Promise<TokenResponse> {
  if (client.kind !== 'registered' || !client.metadata?.grant_types.includes('refresh_token')) throw new OAuthError('unauthorized_client', 'this client may not use the refresh token grant');
  const presented = required(params, 'refresh_token');
  const token = await deps.store.oauthTokens.findByHash(sha256Hex(presented));
  const now = deps.clock.now();
  if (!token || token.kind !== 'refresh' || token.clientId !== client.id || token.revokedAt || !token.userId) throw new OAuthError('invalid_grant', 'the refresh token is not valid');
  if (token.usedAt) {
    await deps.store.oauthTokens.revokeGrant(token.grantId, now.toISOString());
    throw new OAuthError('invalid_grant', 'the refresh token was used already; the grant is revoked');
  }
  if (Date.parse(token.expiresAt) <= now.getTime()) throw new OAuthError('invalid_grant', 'the refresh token has expired');
  // RFC 9449 §5: a public client's refresh token is bound to its DPoP key; only a proof by that key refreshes it.
  if (token.dpopJkt !== null && token.dpopJkt !== dpopJkt) throw new OAuthError('invalid_dpop_proof', 'this refresh token is bound to a DPoP key: send a DPoP proof made with that key');
  const scopes = narrowed(token.scopes, params.scope);
  const userId = token.userId;
  const issued = await deps.store.transaction(async (tx) => {
    if (!(await tx.oauthTokens.useRefresh(token.id, now.toISOString()))) return null;
    return issueTokens(deps, tx, { client, userId, scopes, authorizationDetails: token.authorizationDetails, grantId: token.grantId, withRefreshToken: true, dpopJkt });
  });
  if (issued) return issued;
  await deps.store.oauthTokens.revokeGrant(token.grantId, now.toISOString());
  throw new OAuthError('invalid_grant', 'the refresh token was used already; the grant is revoked');
}
