import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../domain/auth/permissions.js';
import { authenticateApiKey } from '../../domain/api-keys/authenticate-api-key.js';
import { authenticateMachineToken, looksLikeAccessToken } from '../../domain/oauth/authenticate-access-token.js';
import type { PresentedAccessToken } from '../../domain/oauth/dpop.js';
import { isOAuthError } from '../../domain/oauth/oauth-error.js';
import type { Deps } from '../../domain/deps.js';
import type { Actor } from '../../domain/shared/actor.js';
import { AppError } from '../../domain/shared/errors.js';
import { authenticateSession, type SessionContext } from '../../domain/sessions/authenticate-session.js';
import { presentedAccessTokenOf } from './dpop-request.js';
import type { HttpDeps } from './http-deps.js';
import { problem } from './problems.js';

export const SESSION_COOKIE = 'laurel_session';
/** A sign-in waiting for its second factor (not a session: it opens nothing but `/session/second-factor`). */
export const PENDING_COOKIE = 'laurel_mfa';
/** Binds a passwordless passkey challenge to the browser that asked for it. */
export const PASSKEY_COOKIE = 'laurel_passkey';
/** The sign-in routes, the only place the two short-lived cookies above are sent. */
export const SIGN_IN_COOKIE_PATH = '/api/v1/session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    sessionContext: SessionContext | null;
    /** A bearer API key not judged yet (routes with `config.apiKeyAfterBody` only); taken when it is judged. */
    pendingApiKey: string | null;
  }
  interface FastifyContextConfig {
    /** This route judges a bearer API key after parsing its body, in one read with what the body names (`api-key-after-body.ts`). */
    apiKeyAfterBody?: boolean;
  }
}

/** An OAuth 2.0 access token of a machine client (client credentials grant), as a principal. */
async function oauthPrincipal(deps: Pick<Deps, 'store' | 'clock'>, token: PresentedAccessToken): Promise<Principal> {
  try {
    return await authenticateMachineToken(deps, token);
  } catch (e) {
    if (isOAuthError(e)) throw new AppError('unauthenticated', e.message);
    throw e;
  }
}

/**
 * Bearer API key or OAuth access token, else the session cookie (with a CSRF header on unsafe methods). On a route
 * that judges its API keys after its body (`config.apiKeyAfterBody`, see `api-key-after-body.ts`), a well-formed
 * bearer API key is only set aside here (null: no principal yet), and judged before anything else is answered.
 */
async function resolvePrincipal(deps: Pick<HttpDeps, 'store' | 'clock' | 'links'>, request: FastifyRequest): Promise<Principal | null> {
  if (request.headers.authorization) {
    // An OAuth access token as `Bearer`, or `DPoP` with its proof when it is DPoP-bound (RFC 9449); API keys are bearer keys.
    const presented = presentedAccessTokenOf(request, deps.links.base);
    if (!presented) throw new AppError('unauthenticated', 'use "Authorization: Bearer <API key or access token>"');
    if (looksLikeAccessToken(presented.value)) return oauthPrincipal(deps, presented);
    if (presented.scheme !== 'Bearer') throw new AppError('unauthenticated', 'an API key is sent as "Authorization: Bearer <key>"');
    if (request.routeOptions.config.apiKeyAfterBody === true) {
      request.pendingApiKey = presented.value;
      return null;
    }
    return authenticateApiKey(deps, presented.value);
  }
  const context = await sessionOf(deps, request);
  if (!context) throw new AppError('unauthenticated', 'sign in, or send an API key as "Authorization: Bearer <key>"');
  if (!context.principal) throw new AppError('forbidden', 'you are not a member of an organisation');
  return context.principal;
}

export async function sessionOf(deps: Pick<Deps, 'store' | 'clock'>, request: FastifyRequest): Promise<SessionContext | null> {
  if (request.sessionContext) return request.sessionContext;
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return null;
  const context = await authenticateSession(deps, token);
  request.sessionContext = context;
  return context;
}

/** An onRequest hook that requires a principal; CSRF-checks cookie-authenticated writes. */
export function requireAuth(deps: Pick<HttpDeps, 'store' | 'clock' | 'links'>) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    request.principal = await resolvePrincipal(deps, request);
    if (!request.principal) return; // an API key judged after the body (no session, so no CSRF or MFA check)
    // The organisation's MFA policy: a session that has not proven a second factor reaches only the account routes.
    if (request.principal.kind === 'session' && request.sessionContext?.mfaRequired) {
      throw new AppError('mfa-required', 'your organisation requires a second factor: add one (an authenticator app or a passkey) or prove the one you have');
    }
    if (request.principal.kind === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (sent !== request.sessionContext?.session.csrfToken) {
        const body = problem('csrf', 'send the X-CSRF-Token header you received when you signed in', { requestId: request.id });
        return reply.status(403).type('application/problem+json').send(body);
      }
    }
  };
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.principal) throw new AppError('unauthenticated', 'authentication required');
  const agent = request.headers['user-agent'];
  return { principal: request.principal, ip: request.ip, userAgent: typeof agent === 'string' ? agent.slice(0, 400) : undefined, requestId: request.id };
}

/** An onRequest hook for routes of any signed-in person (earners included): session cookie + CSRF on writes. */
export function requireUser(deps: Pick<Deps, 'store' | 'clock'>) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const context = await sessionOf(deps, request);
    if (!context) throw new AppError('unauthenticated', 'sign in first');
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== context.session.csrfToken) {
      const body = problem('csrf', 'send the X-CSRF-Token header you received when you signed in', { requestId: request.id });
      return reply.status(403).type('application/problem+json').send(body);
    }
  };
}

/** The signed-in person's session (routes behind `requireUser`). */
export function sessionOfRequest(request: FastifyRequest): SessionContext['session'] {
  const session = request.sessionContext?.session;
  if (!session) throw new AppError('unauthenticated', 'sign in first');
  return session;
}

export function userIdOf(request: FastifyRequest): string {
  const id = request.sessionContext?.session.userId;
  if (!id) throw new AppError('unauthenticated', 'sign in first');
  return id;
}

/** The signed-in person, if any, for public pages that show owners more (never fails). */
export async function viewerOf(deps: Pick<Deps, 'store' | 'clock'>, request: FastifyRequest): Promise<{ userId?: string | undefined }> {
  const context = await sessionOf(deps, request).catch(() => null);
  return { userId: context?.session.userId };
}
