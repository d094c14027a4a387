import { request } from './client';
import type { ResponseOf } from './types';

/** Earners signing in with Google, Microsoft, LinkedIn… (configured by the operator), and their linked providers. */

export type SignInProvider = ResponseOf<'/api/v1/session/providers', 'get'>['items'][number];
export type LinkedProvider = ResponseOf<'/api/v1/me/linked-providers', 'get'>['items'][number];

export const listSignInProviders = () => request<{ items: SignInProvider[] }>('GET', '/session/providers');
export const startProviderSignIn = (id: string) => request<{ redirectUrl: string; expiresAt: string }>('POST', `/session/providers/${encodeURIComponent(id)}`);
export const listLinkedProviders = () => request<{ items: LinkedProvider[] }>('GET', '/me/linked-providers');
export const removeLinkedProvider = (id: string) => request<void>('DELETE', `/me/linked-providers/${encodeURIComponent(id)}`);
