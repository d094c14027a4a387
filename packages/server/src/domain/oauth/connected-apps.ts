import type { Deps } from '../deps.js';
import { notFound } from '../shared/errors.js';

export interface ConnectedApp {
  grantId: string;
  clientId: string;
  clientName: string;
  scopes: string[];
  connectedAt: string;
}

/** The hosts and displayers an earner allowed, still holding a live token. */
export async function listConnectedApps(deps: Pick<Deps, 'store' | 'clock'>, input: { userId: string }): Promise<ConnectedApp[]> {
  const grants = await deps.store.oauthTokens.listGrantsForUser(input.userId, deps.clock.now().toISOString());
  return grants.map((g) => ({ grantId: g.grantId, clientId: g.clientId, clientName: g.clientName, scopes: g.scopes, connectedAt: g.createdAt }));
}

/** The earner disconnects an app: every token of that grant stops working at once. */
export async function disconnectApp(deps: Pick<Deps, 'store' | 'clock'>, input: { userId: string; grantId: string }): Promise<void> {
  const revoked = await deps.store.oauthTokens.revokeGrantOfUser(input.userId, input.grantId, deps.clock.now().toISOString());
  if (revoked === 0) throw notFound('connected app');
}
