import { request } from './client';
import type { BodyOf, Item, ResponseOf, Schemas } from './types';

/** Laurel's scopes for machine clients, which mirror roles. */
export type MachineScope = Item<BodyOf<'/api/v1/oauth-clients', 'post'>['scopes']>;
export const MACHINE_SCOPES = ['laurel.read', 'laurel.issue', 'laurel.revoke', 'laurel.admin'] as const satisfies readonly MachineScope[];

export type MachineClient = Schemas['OAuthClient'];
export type CreatedMachineClient = ResponseOf<'/api/v1/oauth-clients', 'post', 201>;

export const listMachineClients = () => request<{ items: MachineClient[] }>('GET', '/oauth-clients');
export const createMachineClient = (input: { name: string; scopes: string[]; issuerId?: string }) => request<CreatedMachineClient>('POST', '/oauth-clients', { body: input });
export const revokeMachineClient = (clientId: string) => request<MachineClient>('POST', `/oauth-clients/${encodeURIComponent(clientId)}/revoke`);

/** A pending authorization request, as the consent page shows it. */
export type AuthorizationRequest = ResponseOf<'/api/v1/me/authorizations/{id}', 'get'>;

export const getAuthorizationRequest = (id: string) => request<AuthorizationRequest>('GET', `/me/authorizations/${encodeURIComponent(id)}`);
export const decideAuthorization = (id: string, approve: boolean) => request<{ redirectTo: string }>('POST', `/me/authorizations/${encodeURIComponent(id)}`, { body: { approve } });

export type ConnectedApp = Item<ResponseOf<'/api/v1/me/connected-apps', 'get'>['items']>;

export const listConnectedApps = () => request<{ items: ConnectedApp[] }>('GET', '/me/connected-apps');
export const disconnectApp = (grantId: string) => request<void>('DELETE', `/me/connected-apps/${encodeURIComponent(grantId)}`);
