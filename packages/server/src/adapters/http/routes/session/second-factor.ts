import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fastifyRateLimit from '@fastify/rate-limit';
import { CHALLENGE_SECONDS } from '../../../../domain/mfa/passkeys.js';
import { stepUp, stepUpPasskeyOptions, stepUpWithPasskey } from '../../../../domain/mfa/prove-again.js';
import { completeSignInWithCode, completeSignInWithPasskey, passwordlessOptions, pendingPasskeyOptions, signInWithPasskey } from '../../../../domain/sessions/second-factor.js';
import type { SignInResult } from '../../../../domain/sessions/sign-in.js';
import { PASSKEY_COOKIE, PENDING_COOKIE, requireUser, sessionOfRequest } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { rateLimitOptions } from '../../rate-limit.js';
import { DateTime, Problem, StringEnum, errorResponses } from '../../schemas/common.js';
import { setSessionCookie, setSignInCookie } from '../../session-cookies.js';
import { SessionView } from './session-view.js';
import { viewOfToken } from './sign-in-answer.js';

const tags = ['session'];
const Code = Type.String({ minLength: 1, maxLength: 64 });
const CodeBody = Type.Object({ method: StringEnum(['totp', 'recovery'] as const), code: Code }, { additionalProperties: false });
const PasskeyBody = Type.Object({ response: Type.Unknown({ description: 'The PublicKeyCredential JSON from navigator.credentials.get (e.g. @simplewebauthn/browser startAuthentication)' }) }, { additionalProperties: false });
const Options = Type.Unknown({ description: 'PublicKeyCredentialRequestOptionsJSON for navigator.credentials.get' });
const StepUpBody = Type.Union([
  CodeBody,
  Type.Object({ method: Type.Literal('password'), password: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false }),
]);
const StepUpView = Type.Object({ factorAt: DateTime });
const limited = { rateLimit: { max: 30, timeWindow: 60_000 } };

/** Finishing a sign-in with its second factor, passwordless passkeys, and step-up. */
export const secondFactorRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  await app.register(fastifyRateLimit, rateLimitOptions(deps));
  const signedIn = (reply: Parameters<typeof setSessionCookie>[1], result: SignInResult) => {
    setSessionCookie(deps, reply, result.token, result.session.expiresAt);
    return viewOfToken(deps, result.token);
  };
  const where = (request: { ip: string; headers: Record<string, unknown> }) => ({ ip: request.ip, userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : undefined });

  app.post(
    '/session/second-factor',
    {
      config: limited,
      schema: {
        tags,
        summary: 'Finish signing in with a code from your authenticator app or a recovery code (each works once)',
        description: 'Needs the cookie set by the 202 of `POST /session` or `/session/link/consume`. Wrong codes are throttled like passwords (429), and five end the pending sign-in.',
        body: CodeBody,
        response: { 200: SessionView, ...errorResponses, 429: Problem },
      },
    },
    async (request, reply) => {
      const result = await completeSignInWithCode(deps, { pendingToken: request.cookies[PENDING_COOKIE], proof: request.body, ...where(request) });
      return signedIn(reply, result);
    },
  );
  app.post(
    '/session/second-factor/passkey/options',
    { config: limited, schema: { tags, summary: 'WebAuthn options to finish signing in with one of your passkeys', response: { 200: Options, ...errorResponses } } },
    async (request) => pendingPasskeyOptions(deps, { pendingToken: request.cookies[PENDING_COOKIE] }),
  );
  app.post(
    '/session/second-factor/passkey',
    { config: limited, schema: { tags, summary: 'Finish signing in with a passkey', body: PasskeyBody, response: { 200: SessionView, ...errorResponses } } },
    async (request, reply) => signedIn(reply, await completeSignInWithPasskey(deps, { pendingToken: request.cookies[PENDING_COOKIE], response: request.body.response, ...where(request) })),
  );

  app.post(
    '/session/passkey/options',
    { config: { rateLimit: { max: 20, timeWindow: 60_000 } }, schema: { tags, summary: 'Passwordless: WebAuthn options for any passkey of this site (user verification required)', response: { 200: Options, ...errorResponses, 429: Problem } } },
    async (_request, reply) => {
      const browserToken = deps.ids.token(24);
      setSignInCookie(deps, reply, PASSKEY_COOKIE, browserToken, new Date(deps.clock.now().getTime() + CHALLENGE_SECONDS * 1000).toISOString());
      return passwordlessOptions(deps, { browserToken });
    },
  );
  app.post(
    '/session/passkey',
    { config: limited, schema: { tags, summary: 'Passwordless: sign in with a passkey', body: PasskeyBody, response: { 200: SessionView, ...errorResponses, 429: Problem } } },
    async (request, reply) => signedIn(reply, await signInWithPasskey(deps, { browserToken: request.cookies[PASSKEY_COOKIE], response: request.body.response, ...where(request) })),
  );

  app.post(
    '/session/step-up',
    {
      config: limited,
      onRequest: requireUser(deps),
      schema: {
        tags,
        summary: 'Prove a factor again for the sensitive actions that follow (your second factor, or your password if you have none)',
        body: StepUpBody,
        response: { 200: StepUpView, ...errorResponses, 429: Problem },
      },
    },
    async (request) => stepUp(deps, { session: sessionOfRequest(request), proof: request.body, ip: request.ip }),
  );
  app.post(
    '/session/step-up/passkey/options',
    { config: limited, onRequest: requireUser(deps), schema: { tags, summary: 'WebAuthn options to step up with one of your passkeys', response: { 200: Options, ...errorResponses } } },
    async (request) => stepUpPasskeyOptions(deps, { session: sessionOfRequest(request) }),
  );
  app.post(
    '/session/step-up/passkey',
    { config: limited, onRequest: requireUser(deps), schema: { tags, summary: 'Step up with a passkey', body: PasskeyBody, response: { 200: StepUpView, ...errorResponses } } },
    async (request) => stepUpWithPasskey(deps, { session: sessionOfRequest(request), response: request.body.response }),
  );
};
