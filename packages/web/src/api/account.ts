import { request } from './client';
import type { BodyOf, Item, ResponseOf, Schemas, Session } from './types';

/** The signed-in person's factors, passkeys, sessions, password and sign-in address; the second sign-in step; step-up. */

export type MfaState = ResponseOf<'/api/v1/me/mfa', 'get'>;
export type Passkey = Schemas['Passkey'];
export type AccountSession = Schemas['AccountSession'];
/** `POST /session` (and the sign-in link) answer this when the account has a second factor. */
export type SecondFactorAsked = ResponseOf<'/api/v1/session', 'post', 202>;
export type SecondFactorMethod = Item<SecondFactorAsked['secondFactor']['methods']>;
export const asksSecondFactor = (answer: unknown): answer is SecondFactorAsked => typeof answer === 'object' && answer !== null && 'secondFactor' in answer;

export const getMfa = () => request<MfaState>('GET', '/me/mfa');
export const startTotp = () => request<{ secret: string; uri: string; qrCode: string }>('POST', '/me/mfa/totp');
export const confirmTotp = (code: string) => request<{ recoveryCodes: string[] | null }>('POST', '/me/mfa/totp/confirm', { body: { code } });
export const disableTotp = () => request<void>('DELETE', '/me/mfa/totp');
export const newRecoveryCodes = () => request<{ recoveryCodes: string[] }>('POST', '/me/mfa/recovery-codes');

// WebAuthn JSON (options in, credential out) passes through untouched: @simplewebauthn/browser reads and writes it.
export const passkeyRegistrationOptions = () => request<unknown>('POST', '/me/passkeys/options');
export const registerPasskey = (response: unknown, name?: string) => request<{ passkey: Passkey; recoveryCodes: string[] | null }>('POST', '/me/passkeys', { body: { response, ...(name ? { name } : {}) } });
export const removePasskey = (id: string) => request<void>('DELETE', `/me/passkeys/${encodeURIComponent(id)}`);

export const listSessions = () => request<{ items: AccountSession[] }>('GET', '/me/sessions');
export const endSession = (id: string) => request<void>('DELETE', `/me/sessions/${encodeURIComponent(id)}`);
export const endOtherSessions = () => request<{ ended: number }>('POST', '/me/sessions/end-others');

export const changePassword = (currentPassword: string, newPassword: string) => request<void>('POST', '/me/password', { body: { ...(currentPassword ? { currentPassword } : {}), newPassword } });
export const requestEmailChange = (email: string) => request<null>('POST', '/me/email', { body: { email } });
export const confirmEmailChange = (token: string) => request<{ email: string }>('POST', '/me/email/confirm', { body: { token } });

export const secondFactorWithCode = (method: 'totp' | 'recovery', code: string) => request<Session>('POST', '/session/second-factor', { body: { method, code } });
export const secondFactorPasskeyOptions = () => request<unknown>('POST', '/session/second-factor/passkey/options');
export const secondFactorWithPasskey = (response: unknown) => request<Session>('POST', '/session/second-factor/passkey', { body: { response } });
export const passwordlessOptions = () => request<unknown>('POST', '/session/passkey/options');
export const signInWithPasskey = (response: unknown) => request<Session>('POST', '/session/passkey', { body: { response } });

export type StepUpProof = BodyOf<'/api/v1/session/step-up', 'post'>;
export const stepUp = (proof: StepUpProof) => request<{ factorAt: string }>('POST', '/session/step-up', { body: proof });
export const stepUpPasskeyOptions = () => request<unknown>('POST', '/session/step-up/passkey/options');
export const stepUpWithPasskey = (response: unknown) => request<{ factorAt: string }>('POST', '/session/step-up/passkey', { body: { response } });

export const getMfaPolicy = () => request<{ requireMfa: boolean }>('GET', '/organisation/mfa-policy');
export const setMfaPolicy = (requireMfa: boolean) => request<{ requireMfa: boolean }>('PUT', '/organisation/mfa-policy', { body: { requireMfa } });
