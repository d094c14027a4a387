import type { FastifyReply } from 'fastify';
import type { SignInOutcome } from '../../../../domain/sessions/second-factor.js';
import { authenticateSession } from '../../../../domain/sessions/authenticate-session.js';
import { PENDING_COOKIE } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { setSessionCookie, setSignInCookie } from '../../session-cookies.js';
import { sessionView } from './session-view.js';

/**
 * Answer a proven first factor: a session (200, the session cookie), or, for an account with a second
 * factor, 202 with the methods it may finish with and a short-lived cookie that opens only
 * `/session/second-factor`.
 */
export async function answerFirstFactor<T>(deps: HttpDeps, reply: FastifyReply, outcome: SignInOutcome, view: (token: string) => Promise<T>) {
  if (outcome.kind === 'second-factor') {
    setSignInCookie(deps, reply, PENDING_COOKIE, outcome.pendingToken, outcome.expiresAt);
    return reply.status(202).send({ secondFactor: { methods: outcome.methods, expiresAt: outcome.expiresAt } });
  }
  setSessionCookie(deps, reply, outcome.token, outcome.session.expiresAt);
  return reply.status(200).send(await view(outcome.token));
}

/** The session view of a session just started (by its cookie token). */
export const viewOfToken = async (deps: HttpDeps, token: string) => sessionView(deps, await authenticateSession(deps, token));

