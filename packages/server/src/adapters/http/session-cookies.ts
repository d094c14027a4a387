import type { FastifyReply } from 'fastify';
import { PASSKEY_COOKIE, PENDING_COOKIE, SESSION_COOKIE, SIGN_IN_COOKIE_PATH } from './auth.js';
import type { HttpDeps } from './http-deps.js';

/** The session cookie: HttpOnly, SameSite=Lax, Secure behind https. */
export function setSessionCookie(deps: Pick<HttpDeps, 'http'>, reply: FastifyReply, token: string, expiresAt: string): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.http.secureCookies, expires: new Date(expiresAt) });
  reply.clearCookie(PENDING_COOKIE, { path: SIGN_IN_COOKIE_PATH });
}

/** A short-lived cookie sent only to the sign-in routes, never cross-site. */
export function setSignInCookie(deps: Pick<HttpDeps, 'http'>, reply: FastifyReply, name: typeof PENDING_COOKIE | typeof PASSKEY_COOKIE, token: string, expiresAt: string): void {
  reply.setCookie(name, token, { path: SIGN_IN_COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: deps.http.secureCookies, expires: new Date(expiresAt) });
}
