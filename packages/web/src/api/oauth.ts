import { request } from './client';

/** Laurel's scopes for machine clients, which mirror roles. */
export const MACHINE_SCOPES = ['laurel.read', 'laurel.issue', 'laurel.revoke', 'laurel.admin'] as const;
export type MachineScope = (typeof MACHINE_SCOPES)[number];

export interface MachineClient {
  clientId: string;
  name: string;
  scopes: string[];
  issuerId: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedMachineClient extends MachineClient {
  clientSecret: string;
  tokenEndpoint: string;
}

export const listMachineClients = () => request<{ items: MachineClient[] }>('GET', '/oauth-clients');
export const createMachineClient = (input: { name: string; scopes: string[]; issuerId?: string }) => request<CreatedMachineClient>('POST', '/oauth-clients', { body: input });
export const revokeMachineClient = (clientId: string) => request<MachineClient>('POST', `/oauth-clients/${encodeURIComponent(clientId)}/revoke`);

/** A pending authorization request, as the consent page shows it. */
export interface AuthorizationRequest {
  client: { name: string; uri: string | null; redirectHost: string; policyUri: string | null; tosUri: string | null };
  scopes: { name: string; description: string }[];
  expiresAt: string;
}

export const getAuthorizationRequest = (id: string) => request<AuthorizationRequest>('GET', `/me/authorizations/${encodeURIComponent(id)}`);
export const decideAuthorization = (id: string, approve: boolean) => request<{ redirectTo: string }>('POST', `/me/authorizations/${encodeURIComponent(id)}`, { body: { approve } });

export interface ConnectedApp {
  grantId: string;
  clientId: string;
  clientName: string;
  scopes: string[];
  connectedAt: string;
}

export const listConnectedApps = () => request<{ items: ConnectedApp[] }>('GET', '/me/connected-apps');
export const disconnectApp = (grantId: string) => request<void>('DELETE', `/me/connected-apps/${encodeURIComponent(grantId)}`);
