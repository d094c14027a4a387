import { request } from './client';
import type { Session } from './types';

/** The signed-in person's factors, passkeys, sessions, password and sign-in address; the second sign-in step; step-up. */

export interface MfaState {
  totp: { enabled: boolean; enabledAt: string | null };
  passkeys: Passkey[];
  recoveryCodesLeft: number;
}
export interface Passkey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  backedUp: boolean;
}
export interface AccountSession {
  id: string;
  current: boolean;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string | null;
  expiresAt: string;
  mfa: boolean;
}
export type SecondFactorMethod = 'totp' | 'passkey' | 'recovery';
/** `POST /session` (and the sign-in link) answer this when the account has a second factor. */
export interface SecondFactorAsked {
  secondFactor: { methods: SecondFactorMethod[]; expiresAt: string };
}
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

export type StepUpProof = { method: 'totp' | 'recovery'; code: string } | { method: 'password'; password: string };
export const stepUp = (proof: StepUpProof) => request<{ factorAt: string }>('POST', '/session/step-up', { body: proof });
export const stepUpPasskeyOptions = () => request<unknown>('POST', '/session/step-up/passkey/options');
export const stepUpWithPasskey = (response: unknown) => request<{ factorAt: string }>('POST', '/session/step-up/passkey', { body: { response } });

export const getMfaPolicy = () => request<{ requireMfa: boolean }>('GET', '/organisation/mfa-policy');
export const setMfaPolicy = (requireMfa: boolean) => request<{ requireMfa: boolean }>('PUT', '/organisation/mfa-policy', { body: { requireMfa } });
