import type { Deps } from '../deps.js';
import { OAuthError } from './oauth-error.js';
import type { PresentedClient } from './ports.js';
import { secretMatches } from './secrets.js';

/** Client credentials as the request carried them (RFC 6749 §2.3.1): HTTP Basic, or in the form body. */
export interface ClientCredentials {
  clientId: string;
  /** Empty for `none` (a public client names itself with client_id only). */
  clientSecret: string;
  method: 'client_secret_basic' | 'client_secret_post' | 'none';
}

const USE_RESOLUTION_MS = 60_000;

/**
 * The client, or `invalid_client`: unknown, revoked, wrong secret, or a machine client whose maker is no
 * longer a member of its organisation (it acts for them, like an API key). The answer never says which.
 */
export async function authenticateClient(
  deps: Pick<Deps, 'store' | 'clock'>,
  credentials: ClientCredentials | undefined,
  options: { allowPublic?: boolean } = {},
): Promise<PresentedClient> {
  if (!credentials) throw new OAuthError('invalid_client', 'authenticate the client (HTTP Basic with client_id and client_secret)');
  const client = await deps.store.oauthClients.find(credentials.clientId);
  // A public client (registered with `none`) names itself and nothing more, only where that is allowed (the
  // token endpoint, where PKCE stands in for a secret); a confidential client must always prove its secret.
  const isPublic = client?.kind === 'registered' && client.metadata?.token_endpoint_auth_method === 'none';
  const proven = isPublic ? credentials.method === 'none' && options.allowPublic === true : credentials.method !== 'none' && secretMatches(credentials.clientSecret, client?.secretHash ?? '');
  const valid =
    client !== undefined &&
    !client.revokedAt &&
    proven &&
    (client.kind === 'registered' || (client.orgId !== null && client.creatorRole !== null));
  if (!valid) throw new OAuthError('invalid_client', 'client authentication failed');
  await markUsed(deps, client);
  return client;
}

/** Record use at a coarse resolution, so a busy client does not write on every request. */
export async function markUsed(deps: Pick<Deps, 'store' | 'clock'>, client: { id: string; lastUsedAt: string | null }): Promise<void> {
  const now = deps.clock.now();
  if (!client.lastUsedAt || now.getTime() - Date.parse(client.lastUsedAt) > USE_RESOLUTION_MS) await deps.store.oauthClients.markUsed(client.id, now.toISOString());
}
