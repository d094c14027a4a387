import type { SecondFactorAsked } from './account';
import { request } from './client';
import type { BodyOf, Item, ResponseOf } from './types';

/** The earner's own settings: sign-in links, verified addresses, the public profile. */

export type Address = Item<ResponseOf<'/api/v1/me/addresses', 'get'>['items']>;
export type Profile = ResponseOf<'/api/v1/me/profile', 'get'>;
export type ProfileInput = BodyOf<'/api/v1/me/profile', 'patch'>;

export const requestSignInLink = (email: string) => request<null>('POST', '/session/link', { body: { email } });
export const consumeSignInLink = (token: string) =>
  request<{ user: { id: string; email: string; name: string | null }; csrfToken: string } | SecondFactorAsked>('POST', '/session/link/consume', { body: { token } });

export const listAddresses = () => request<{ items: Address[] }>('GET', '/me/addresses');
export const addAddress = (email: string) => request<null>('POST', '/me/addresses', { body: { email } });
export const confirmAddress = (token: string) => request<Address>('POST', '/me/addresses/confirm', { body: { token } });
/** Not the sign-in address (409); unclaimed credentials sent to it leave the backpack. */
export const removeAddress = (addressId: string) => request<null>('DELETE', `/me/addresses/${encodeURIComponent(addressId)}`);

export const getProfile = () => request<Profile>('GET', '/me/profile');
export const updateProfile = (input: ProfileInput) => request<Profile>('PATCH', '/me/profile', { body: input });

/** The server-rendered public profile page (a plain link, never in-app navigation). */
export const profilePath = (handle: string) => `/u/${encodeURIComponent(handle)}`;
