import type { SecondFactorAsked } from './account';
import { request } from './client';

/** The earner's own settings: sign-in links, verified addresses, the public profile. */

export interface Address {
  id: string;
  type: string;
  value: string;
  verifiedAt: string | null;
}

export interface Profile {
  name: string | null;
  handle: string | null;
  bio: string | null;
  public: boolean;
  url: string | null;
}

export interface ProfileInput {
  handle?: string | null;
  bio?: string | null;
  public?: boolean;
}

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
