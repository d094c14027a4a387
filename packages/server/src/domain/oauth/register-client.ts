import type { Deps } from '../deps.js';
import { OAuthError } from './oauth-error.js';
import type { OAuthClient, RegisteredClientMetadata } from './ports.js';
import { formatScope, OFFLINE_ACCESS, parseScope, scopeCatalogue } from './scopes.js';
import { mint, TOKEN_PREFIX } from './secrets.js';

export type RegisterClientDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'oauth'>;

export interface RegisteredClient {
  client: OAuthClient;
  /** null for a public client (token_endpoint_auth_method `none`). */
  secret: string | null;
  /** The RFC 7591 §3.2.1 response body. */
  response: Record<string, unknown>;
}

const GRANT_TYPES = ['authorization_code', 'refresh_token'];
const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'none'] as const;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const metadataError = (message: string) => new OAuthError('invalid_client_metadata', message);

function optionalString(body: Record<string, unknown>, name: string, max = 200): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > max) throw metadataError(`${name} must be a string of 1 to ${max} characters`);
  return v;
}

function optionalUrl(body: Record<string, unknown>, name: string): string | undefined {
  const v = optionalString(body, name, 2000);
  if (v === undefined) return undefined;
  if (!isWebUrl(v)) throw metadataError(`${name} must be an https URL`);
  return v;
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** RFC 6749 §3.1.2: absolute, no fragment; Laurel also wants https (http only on the loopback, RFC 8252 §7.3). */
function redirectUris(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 10) throw new OAuthError('invalid_redirect_uri', 'redirect_uris must list 1 to 10 redirection URIs');
  return value.map((uri) => {
    if (typeof uri !== 'string' || uri.length > 2000 || !isWebUrl(uri) || uri.includes('#')) {
      throw new OAuthError('invalid_redirect_uri', 'each redirect URI must be an absolute https URL (http only for localhost) without a fragment');
    }
    return uri;
  });
}

function stringList(body: Record<string, unknown>, name: string, fallback: string[]): string[] {
  const v = body[name];
  if (v === undefined || v === null) return fallback;
  if (!Array.isArray(v) || v.length > 10 || !v.every((x) => typeof x === 'string' && x.length > 0 && x.length <= 320)) throw metadataError(`${name} must be a list of strings`);
  return [...new Set(v as string[])];
}

/**
 * RFC 7591 dynamic client registration, as the Open Badges 3.0 API requires of its hosts and displayers:
 * open to anyone (it grants nothing until an earner consents), for web clients using the authorization
 * code grant (and refresh tokens) with earner scopes only. Public clients (`token_endpoint_auth_method:
 * none`, e.g. wallet apps) get no secret: every authorization request needs PKCE S256 anyway, redirect URIs
 * match exactly, and no client of this kind can use the client credentials grant.
 */
export async function registerClient(deps: RegisterClientDeps, body: unknown): Promise<RegisteredClient> {
  if (!isObject(body)) throw metadataError('send the client metadata as a JSON object');
  if (body.software_statement !== undefined) throw new OAuthError('invalid_client_metadata', 'software statements are not accepted');
  const redirect_uris = redirectUris(body.redirect_uris);
  const name = optionalString(body, 'client_name');
  if (!name) throw metadataError('client_name is required: earners see it when they decide');
  const grant_types = stringList(body, 'grant_types', ['authorization_code']);
  if (!grant_types.includes('authorization_code') || grant_types.some((g) => !GRANT_TYPES.includes(g))) {
    throw metadataError('grant_types must be authorization_code, optionally with refresh_token');
  }
  const response_types = stringList(body, 'response_types', ['code']);
  if (response_types.length !== 1 || response_types[0] !== 'code') throw metadataError('response_types must be ["code"]');
  const method = body.token_endpoint_auth_method ?? 'client_secret_basic';
  if (!AUTH_METHODS.includes(method as (typeof AUTH_METHODS)[number])) throw metadataError('token_endpoint_auth_method must be client_secret_basic, client_secret_post or none');

  const catalogue = scopeCatalogue(deps.oauth.extensions);
  const earnerScopes = [...catalogue.values()].filter((s) => s.audience === 'earner').map((s) => s.name);
  const asked = body.scope === undefined ? earnerScopes.filter((s) => s !== OFFLINE_ACCESS || grant_types.includes('refresh_token')) : parseScope(typeof body.scope === 'string' ? body.scope : undefined);
  if (typeof body.scope !== 'undefined' && typeof body.scope !== 'string') throw metadataError('scope must be a space-separated string');
  const refused = asked.filter((s) => catalogue.get(s)?.audience !== 'earner');
  if (asked.length === 0 || refused.length > 0) throw metadataError(`scope may only name ${earnerScopes.join(', ')}${refused.length ? ` (not ${refused.join(', ')})` : ''}`);

  const metadata: RegisteredClientMetadata = {
    redirect_uris,
    grant_types,
    response_types,
    token_endpoint_auth_method: method as RegisteredClientMetadata['token_endpoint_auth_method'],
    client_uri: optionalUrl(body, 'client_uri'),
    logo_uri: optionalUrl(body, 'logo_uri'),
    tos_uri: optionalUrl(body, 'tos_uri'),
    policy_uri: optionalUrl(body, 'policy_uri'),
    software_id: optionalString(body, 'software_id'),
    software_version: optionalString(body, 'software_version'),
    contacts: body.contacts === undefined ? undefined : stringList(body, 'contacts', []),
  };
  const now = deps.clock.now();
  const secret = mint(deps.ids, TOKEN_PREFIX.clientSecret);
  const client: OAuthClient = {
    id: mint(deps.ids, TOKEN_PREFIX.registeredClient, 12).value,
    kind: 'registered',
    orgId: null,
    name,
    secretHash: secret.hash,
    scopes: asked,
    issuerId: null,
    metadata,
    createdBy: null,
    createdAt: now.toISOString(),
    lastUsedAt: null,
    revokedAt: null,
  };
  await deps.store.oauthClients.insert(client);
  // A public client gets no secret (RFC 7591 §3.2.1); the stored hash is of one nobody was given.
  const isPublic = method === 'none';
  const response: Record<string, unknown> = {
    client_id: client.id,
    ...(isPublic ? {} : { client_secret: secret.value, client_secret_expires_at: 0 }),
    client_id_issued_at: Math.floor(now.getTime() / 1000),
    client_name: name,
    scope: formatScope(asked),
    ...Object.fromEntries(Object.entries(metadata).filter(([, v]) => v !== undefined)),
  };
  return { client, secret: isPublic ? null : secret.value, response };
}
