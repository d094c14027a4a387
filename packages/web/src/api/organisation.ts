import { request } from './client';
import type { ApiKey, CreatedApiKey, Member, NewMember, Organisation, Role } from './types';

export const getOrganisation = () => request<Organisation>('GET', '/organisation');
export const updateOrganisation = (patch: Partial<Pick<Organisation, 'name'>> & { settings?: Partial<Organisation['settings']> }) =>
  request<Organisation>('PATCH', '/organisation', { body: patch });

export const listMembers = () => request<{ items: Member[] }>('GET', '/members');
export const addMember = (member: NewMember) => request<Member>('POST', '/members', { body: member });
export const changeMemberRole = (userId: string, role: Role) =>
  request<void>('PATCH', `/members/${encodeURIComponent(userId)}`, { body: { role } });
/** Their sessions in this organisation end and the API keys they made are revoked. */
export const removeMember = (userId: string) => request<void>('DELETE', `/members/${encodeURIComponent(userId)}`);

export const listApiKeys = () => request<{ items: ApiKey[] }>('GET', '/api-keys');
export const createApiKey = (input: { name: string; role?: Role }) => request<CreatedApiKey>('POST', '/api-keys', { body: input });
export const revokeApiKey = (id: string) => request<ApiKey>('POST', `/api-keys/${encodeURIComponent(id)}/revoke`);
