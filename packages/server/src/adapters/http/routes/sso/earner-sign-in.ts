import fastifyRateLimit from '@fastify/rate-limit';
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { finishEarnerOidcSignIn, listEarnerProviders, startEarnerOidcSignIn } from '../../../../domain/earner-oidc/earner-oidc-sign-in.js';
import { listLinkedProviders, removeLinkedProvider } from '../../../../domain/earner-oidc/linked-providers.js';
import type { SignInOutcome } from '../../../../domain/sessions/second-factor.js';
import { isAppError } from '../../../../domain/shared/errors.js';
import { PENDING_COOKIE, SIGN_IN_COOKIE_PATH, requireUser, sessionOfRequest } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { rateLimitOptions } from '../../rate-limit.js';
import { DateTime, Id, Nullable, errorResponses } from '../../schemas/common.js';
import { setSessionCookie, setSignInCookie } from '../../session-cookies.js';
import { SSO_RATE_LIMIT } from './sign-in.js';

const tags = ['session'];

/** The state of an earner's sign-in sent to a public OpenID Provider; it comes back with the browser (a top-level GET: SameSite=Lax). */
export const EARNER_OIDC_STATE_COOKIE = 'laurel_earner_oidc';
const COOKIE_PATH = `${SIGN_IN_COOKIE_PATH}/earner-oidc`;

const ProviderId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' });
const where = (request: FastifyRequest) => ({ ip: request.ip, userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : undefined });
const wantsHtml = (request: FastifyRequest) => /text\/html/.test(String(request.headers.accept ?? ''));

async function answer(deps: HttpDeps, request: FastifyRequest, reply: FastifyReply, run: () => Promise<SignInOutcome>) {
  reply.clearCookie(EARNER_OIDC_STATE_COOKIE, { path: COOKIE_PATH });
  let outcome: SignInOutcome;
  try {
    outcome = await run();
  } catch (error) {
    if (isAppError(error) && error.code === 'unauthenticated' && wantsHtml(request)) return reply.redirect('/sign-in?provider=failed', 303);
    throw error;
  }
  if (outcome.kind === 'second-factor') {
    setSignInCookie(deps, reply, PENDING_COOKIE, outcome.pendingToken, outcome.expiresAt);
    return wantsHtml(request) ? reply.redirect('/sign-in?second-factor=1', 303) : reply.status(202).send({ secondFactor: { methods: outcome.methods, expiresAt: outcome.expiresAt } });
  }
  setSessionCookie(deps, reply, outcome.token, outcome.session.expiresAt);
  return wantsHtml(request) ? reply.redirect(deps.sso.urls.afterSignIn(), 303) : reply.status(200).send({ signedIn: true });
}

const LinkedProvider = Type.Object(
  { id: Type.String(), provider: Type.String(), label: Type.String(), email: Nullable(Type.String()), createdAt: DateTime, lastSignInAt: Nullable(DateTime) },
  { $id: 'LinkedProvider' },
);

/** Earners signing in with Google, Microsoft, LinkedIn… (public: the list, the start, the callback). */
export const earnerOidcSignInRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  await app.register(fastifyRateLimit, rateLimitOptions(deps));
  app.get(
    '/session/providers',
    { schema: { tags, summary: 'The providers earners may sign in with ("Continue with Google")', response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), label: Type.String() })) }), ...errorResponses } } },
    async () => ({ items: listEarnerProviders(deps) }),
  );

  app.post(
    '/session/providers/:provider',
    {
      config: { rateLimit: SSO_RATE_LIMIT },
      schema: {
        tags,
        summary: 'Sign in with a provider: where to send the browser',
        description: 'Sets a short-lived cookie binding the sign-in to this browser; the answer names the provider URL to go to.',
        params: Type.Object({ provider: ProviderId }),
        response: { 200: Type.Object({ redirectUrl: Type.String(), expiresAt: Type.String() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const started = await startEarnerOidcSignIn(deps, { provider: request.params.provider });
      reply.setCookie(EARNER_OIDC_STATE_COOKIE, started.state, { path: COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: deps.http.secureCookies, expires: new Date(started.expiresAt) });
      return { redirectUrl: started.redirectUrl, expiresAt: started.expiresAt };
    },
  );

  app.get(
    '/session/earner-oidc/callback',
    {
      config: { rateLimit: SSO_RATE_LIMIT },
      schema: {
        tags,
        summary: 'Where a provider sends the earner back (authorization code)',
        querystring: Type.Object({ code: Type.Optional(Type.String({ maxLength: 4096 })), state: Type.Optional(Type.String({ maxLength: 512 })), iss: Type.Optional(Type.String({ maxLength: 2048 })), error: Type.Optional(Type.String({ maxLength: 200 })), error_description: Type.Optional(Type.String({ maxLength: 1000 })), session_state: Type.Optional(Type.String({ maxLength: 1000 })), scope: Type.Optional(Type.String({ maxLength: 1000 })), authuser: Type.Optional(Type.String({ maxLength: 20 })), prompt: Type.Optional(Type.String({ maxLength: 100 })), hd: Type.Optional(Type.String({ maxLength: 255 })) }),
        response: {
          200: Type.Object({ signedIn: Type.Boolean() }),
          202: Type.Object({ secondFactor: Type.Object({ methods: Type.Array(Type.String()), expiresAt: Type.String() }) }),
          303: Type.Null(),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const currentUrl = new URL(deps.sso.urls.earnerOidcCallback());
      for (const [key, value] of Object.entries(request.query)) if (typeof value === 'string') currentUrl.searchParams.set(key, value);
      return answer(deps, request, reply, () => finishEarnerOidcSignIn(deps, { browserState: request.cookies[EARNER_OIDC_STATE_COOKIE], currentUrl, ...where(request) }));
    },
  );
};

/** The signed-in person's linked providers. */
export const linkedProviderRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.addHook('onRequest', requireUser(deps));
  app.get(
    '/me/linked-providers',
    { schema: { tags: ['account'], summary: 'The providers you can sign in with', response: { 200: Type.Object({ items: Type.Array(LinkedProvider) }), ...errorResponses } } },
    async (request) => ({ items: await listLinkedProviders(deps, sessionOfRequest(request).userId) }),
  );
  app.delete(
    '/me/linked-providers/:id',
    { schema: { tags: ['account'], summary: 'Stop signing in with a provider', params: Type.Object({ id: Id }), response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await removeLinkedProvider(deps, sessionOfRequest(request).userId, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
