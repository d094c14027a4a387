import { request } from './client';
import type { SecondFactorAsked } from './account';
import type { Session, SetupInput, SetupResult } from './types';

export const getSetupStatus = () => request<{ needed: boolean }>('GET', '/setup');
export const runSetup = (input: SetupInput) => request<SetupResult>('POST', '/setup', { body: input });
export const getSession = () => request<Session>('GET', '/session');
/** A session, or (for an account with a second factor) the methods to finish with. */
export const signIn = (email: string, password: string) => request<Session | SecondFactorAsked>('POST', '/session', { body: { email, password } });
/**
 * Sign out; when the organisation's OpenID Provider supports RP-initiated logout, the answer names where to send
 * the browser so the provider's own session ends too (it comes back to the sign-in page).
 */
export const signOut = () => request<{ redirectUrl: string | null }>('POST', '/session/sso/logout');
