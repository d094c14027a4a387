import type { Deps } from '../deps.js';
import { AppError, notFound } from '../shared/errors.js';
import { OAuthError, type OAuthErrorCode } from './oauth-error.js';
import type { Authorization, OAuthClient } from './ports.js';
import { authorizationDetailsHandlers, formatScope, parseScope, resolveScope } from './scopes.js';
import { isS256Challenge, mint, TOKEN_PREFIX } from './secrets.js';

export type AuthorizeDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'oauth'>;

/**
 * What the authorization endpoint does next: show the consent page for the pending request, or send the
 * browser back to the client with an error (RFC 6749 §4.1.2.1). Requests whose client or redirect URI
 * cannot be trusted throw an OAuthError instead: they are answered here, never redirected.
 */
export type AuthorizeOutcome = { kind: 'consent'; authorizationId: string } | { kind: 'redirect'; location: string };

/** The authorization response's redirect (RFC 6749 §4.1.2, RFC 9207 `iss`), keeping the redirect URI's own query. */
export function redirectWith(redirectUri: string, params: Record<string, string | null | undefined>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) url.searchParams.append(k, v);
  return url.toString();
}

function trustedRedirect(client: OAuthClient, given: string | undefined): string {
  const registered = client.metadata?.redirect_uris ?? [];
  if (given === undefined) {
    if (registered.length === 1) return registered[0]!;
    throw new OAuthError('invalid_request', 'redirect_uri is required: this client registered several');
  }
  // Exact string comparison (RFC 6749 §3.1.2.3, OAuth 2.0 Security BCP §4.1.3).
  if (!registered.includes(given)) throw new OAuthError('invalid_request', 'redirect_uri is not one this client registered');
  return given;
}

function detailsOf(deps: AuthorizeDeps, raw: string | undefined, client: OAuthClient): unknown[] | null {
  if (raw === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new OAuthError('invalid_request', 'authorization_details must be a JSON array');
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > 20) throw new OAuthError('invalid_request', 'authorization_details must be a JSON array of 1 to 20 objects');
  const handlers = authorizationDetailsHandlers(deps.oauth.extensions);
  return parsed.map((d) => {
    const type = typeof d === 'object' && d !== null && !Array.isArray(d) ? (d as Record<string, unknown>).type : undefined;
    const handler = typeof type === 'string' ? handlers.get(type) : undefined;
    if (!handler) throw new OAuthError('invalid_request', `authorization_details type ${String(type)} is not supported`);
    const checked = handler.validate(d as Record<string, unknown>, client);
    if (!checked.ok) throw new OAuthError('invalid_request', checked.reason);
    return checked.detail;
  });
}

/** The authorization details an `issuer_state` stands for (as JSON, validated like the request's own), or undefined without one. */
async function issuerStateDetails(deps: AuthorizeDeps, issuerState: string | undefined): Promise<string | undefined> {
  if (issuerState === undefined) return undefined;
  if (issuerState.length > 200) throw new OAuthError('invalid_request', 'issuer_state is too long');
  for (const e of deps.oauth.extensions) {
    const details = await e.issuerState?.(issuerState);
    if (details) return JSON.stringify(details);
  }
  throw new OAuthError('invalid_request', 'issuer_state is unknown, used or expired');
}

/** GET /oauth/authorize (RFC 6749 §4.1.1 with RFC 7636): validates, then parks the request for the earner's decision. */
export async function startAuthorization(deps: AuthorizeDeps, params: Readonly<Record<string, string>>): Promise<AuthorizeOutcome> {
  const clientId = params.client_id;
  const client = clientId ? await deps.store.oauthClients.find(clientId) : undefined;
  if (!client || client.revokedAt || client.kind !== 'registered') throw new OAuthError('invalid_request', 'unknown client_id');
  const redirectUri = trustedRedirect(client, params.redirect_uri);
  const state = params.state ?? null;
  const fail = (error: OAuthErrorCode, description: string): AuthorizeOutcome => ({
    kind: 'redirect',
    location: redirectWith(redirectUri, { error, error_description: description, state, iss: deps.oauth.issuer }),
  });

  if (params.response_type !== 'code') return fail('unsupported_response_type', 'response_type must be code');
  if (!params.code_challenge) return fail('invalid_request', 'PKCE is required: send code_challenge with code_challenge_method=S256');
  if (params.code_challenge_method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256 (plain is not accepted)');
  if (!isS256Challenge(params.code_challenge)) return fail('invalid_request', 'code_challenge must be the base64url SHA-256 of the code verifier');
  if (state !== null && state.length > 1000) return fail('invalid_request', 'state is too long');
  const scopes = params.scope === undefined ? client.scopes : parseScope(params.scope);
  const above = scopes.filter((s) => {
    const definition = resolveScope(deps.oauth.extensions, s);
    return definition?.audience !== 'earner' || !client.scopes.includes(definition.umbrella);
  });
  if (scopes.length === 0 || above.length > 0) return fail('invalid_scope', `this client may not ask for ${above.join(' ') || 'an empty scope'}`);
  let details: unknown[] | null;
  try {
    details = detailsOf(deps, params.authorization_details ?? (await issuerStateDetails(deps, params.issuer_state)), client);
  } catch (e) {
    if (e instanceof OAuthError) return fail(e.code, e.message);
    throw e;
  }

  const now = deps.clock.now();
  const authorization: Authorization = {
    id: mint(deps.ids, TOKEN_PREFIX.authorization, 24).value,
    clientId: client.id,
    redirectUri,
    scopes,
    authorizationDetails: details,
    state,
    codeChallenge: params.code_challenge,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.oauth.consentTtlSeconds * 1000).toISOString(),
    userId: null,
    decision: null,
    decidedAt: null,
    codeHash: null,
    codeExpiresAt: null,
    codeUsedAt: null,
    grantId: null,
  };
  await deps.store.authorizations.insert(authorization);
  return { kind: 'consent', authorizationId: authorization.id };
}

export interface ConsentView {
  client: { name: string; uri: string | null; redirectHost: string; policyUri: string | null; tosUri: string | null };
  scopes: { name: string; description: string }[];
  expiresAt: string;
}

async function pending(deps: Pick<Deps, 'store' | 'clock'>, id: string): Promise<{ authorization: Authorization; client: OAuthClient }> {
  const authorization = await deps.store.authorizations.findById(id);
  if (!authorization || authorization.decision || Date.parse(authorization.expiresAt) <= deps.clock.now().getTime()) throw notFound('authorization request');
  const client = await deps.store.oauthClients.find(authorization.clientId);
  if (!client || client.revokedAt) throw notFound('authorization request');
  return { authorization, client };
}

async function describeScope(extensions: Deps['oauth']['extensions'], name: string): Promise<string> {
  for (const e of extensions) {
    const words = e.dynamicScope?.(name) ? await e.describeScope?.(name) : undefined;
    if (words) return words;
  }
  return resolveScope(extensions, name)?.description ?? name;
}

/** What the consent page shows the signed-in earner: who asks, for what, and where they will be sent. */
export async function describeAuthorization(deps: Pick<Deps, 'store' | 'clock' | 'oauth'>, input: { id: string }): Promise<ConsentView> {
  const { authorization, client } = await pending(deps, input.id);
  const handlers = authorizationDetailsHandlers(deps.oauth.extensions);
  const details = await Promise.all(
    (authorization.authorizationDetails ?? []).map(async (d) => {
      const detail = d as Record<string, unknown>;
      const type = String(detail.type);
      return { name: type, description: (await handlers.get(type)?.describe?.(detail)) ?? type };
    }),
  );
  return {
    client: {
      name: client.name,
      uri: client.metadata?.client_uri ?? null,
      redirectHost: new URL(authorization.redirectUri).host,
      policyUri: client.metadata?.policy_uri ?? null,
      tosUri: client.metadata?.tos_uri ?? null,
    },
    scopes: [...(await Promise.all(authorization.scopes.map(async (name) => ({ name, description: await describeScope(deps.oauth.extensions, name) })))), ...details],
    expiresAt: authorization.expiresAt,
  };
}

/**
 * The earner allows or denies. Allowing binds the request to them and mints its single-use code; either
 * way the browser goes back to the client's redirect URI with the answer.
 */
export async function decideAuthorization(deps: AuthorizeDeps, input: { id: string; userId: string; approve: boolean }): Promise<{ redirectTo: string }> {
  const { authorization } = await pending(deps, input.id);
  const now = deps.clock.now();
  const code = input.approve ? mint(deps.ids, TOKEN_PREFIX.code) : null;
  const decided = await deps.store.authorizations.decide(
    authorization.id,
    {
      userId: input.userId,
      decision: input.approve ? 'approved' : 'denied',
      at: now.toISOString(),
      codeHash: code?.hash ?? null,
      codeExpiresAt: code ? new Date(now.getTime() + deps.oauth.codeTtlSeconds * 1000).toISOString() : null,
      grantId: code ? deps.ids.id() : null,
    },
    now.toISOString(),
  );
  if (!decided) throw new AppError('invalid-state', 'this request was decided already');
  const common = { state: authorization.state, iss: deps.oauth.issuer };
  const redirectTo = code
    ? redirectWith(authorization.redirectUri, { code: code.value, scope: formatScope(authorization.scopes), ...common })
    : redirectWith(authorization.redirectUri, { error: 'access_denied', error_description: 'the earner did not allow access', ...common });
  return { redirectTo };
}
