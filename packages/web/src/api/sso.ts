import { request } from './client';
import type { BodyOf, ResponseOf } from './types';

/** Single sign-on: the organisation's identity providers (admins) and "Sign in with your organisation". */

export type SsoConnection = ResponseOf<'/api/v1/organisation/sso-connections', 'post', 201>;
export type SsoConnectionBody = BodyOf<'/api/v1/organisation/sso-connections', 'post'>;

export const listSsoConnections = () => request<{ items: SsoConnection[] }>('GET', '/organisation/sso-connections');
export const createSsoConnection = (body: SsoConnectionBody) => request<SsoConnection>('POST', '/organisation/sso-connections', { body });
export const updateSsoConnection = (id: string, body: SsoConnectionBody) => request<SsoConnection>('PUT', `/organisation/sso-connections/${encodeURIComponent(id)}`, { body });
export const removeSsoConnection = (id: string) => request<void>('DELETE', `/organisation/sso-connections/${encodeURIComponent(id)}`);
export const startSsoSignIn = (body: { email?: string; slug?: string }) => request<{ redirectUrl: string; expiresAt: string }>('POST', '/session/sso', { body });
/** SAML SP signing-key rotation: make the next key, sign with it, retire the old certificate (admins, step-up). */
export const rotateSsoSpKey = (id: string, step: 'prepare' | 'switch' | 'retire') => request<SsoConnection>('POST', `/organisation/sso-connections/${encodeURIComponent(id)}/sp-key/${step}`);
