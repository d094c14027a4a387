import { request } from './client';
import type { ApiKey, CreatedApiKey, GettingStarted, Invitation, InvitationInfo, Member, NewInvitation, Organisation, Role, Session } from './types';

export const getOrganisation = () => request<Organisation>('GET', '/organisation');
export const updateOrganisation = (patch: Partial<Pick<Organisation, 'name'>> & { settings?: Partial<Organisation['settings']> }) =>
  request<Organisation>('PATCH', '/organisation', { body: patch });

/** An owner deletes the organisation (a factor proven recently; its name typed again). */
export const deleteOrganisation = (body: { confirmName: string; withdrawCredentials?: boolean }) =>
  request<{ deletedAt: string; withdrawCredentials: boolean }>('DELETE', '/organisation', { body });

export const listMembers = () => request<{ items: Member[] }>('GET', '/members');
export const listInvitations = () => request<{ items: Invitation[] }>('GET', '/invitations');
export const inviteMember = (invitation: NewInvitation) => request<Invitation>('POST', '/invitations', { body: invitation });
export const revokeInvitation = (id: string) => request<void>('DELETE', `/invitations/${encodeURIComponent(id)}`);
export const getInvitation = (token: string) => request<InvitationInfo>('GET', `/join/${encodeURIComponent(token)}`);
export const acceptInvitation = (token: string, body: { password?: string; name?: string }) => request<Session>('POST', `/join/${encodeURIComponent(token)}`, { body });
export const changeMemberRole = (userId: string, role: Role) =>
  request<void>('PATCH', `/members/${encodeURIComponent(userId)}`, { body: { role } });
/** Their sessions in this organisation end and the API keys they made are revoked. */
export const removeMember = (userId: string) => request<void>('DELETE', `/members/${encodeURIComponent(userId)}`);

export const listApiKeys = () => request<{ items: ApiKey[] }>('GET', '/api-keys');
export const createApiKey = (input: { name: string; role?: Role; expiresAt?: string; issuerId?: string }) => request<CreatedApiKey>('POST', '/api-keys', { body: input });
export const revokeApiKey = (id: string) => request<ApiKey>('POST', `/api-keys/${encodeURIComponent(id)}/revoke`);

export const getGettingStarted = () => request<GettingStarted>('GET', '/getting-started');
export const dismissGettingStarted = () => request<GettingStarted>('POST', '/getting-started/dismiss');
