import fastifyRateLimit from '@fastify/rate-limit';
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SignInOutcome } from '../../../../domain/sessions/second-factor.js';
import { AppError, isAppError } from '../../../../domain/shared/errors.js';
import { signOutWithProvider } from '../../../../domain/sso/sso-sign-out.js';
import { samlSingleLogout } from '../../../../domain/sso/saml-logout.js';
import { finishSamlLogout } from '../../../../domain/sso/saml-sp-logout.js';
import { oidcBackchannelLogout } from '../../../../domain/sso/oidc-backchannel-logout.js';
import { finishOidcSignIn, finishSamlSignIn, samlMetadata, startSsoSignIn } from '../../../../domain/sso/sso-sign-in.js';
import { PENDING_COOKIE, SESSION_COOKIE, SIGN_IN_COOKIE_PATH, sessionOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { rateLimitOptions } from '../../rate-limit.js';
import { Id, errorResponses } from '../../schemas/common.js';
import { setSessionCookie, setSignInCookie } from '../../session-cookies.js';
import { acceptForms, singleParams } from '../oauth/oauth-wire.js';

const tags = ['session'];

/** A form body's parameters, or none when it is not one form (repeated or non-text parameters): the checks after refuse the missing message. */
function formOrNothing(body: unknown): Record<string, string> {
  try {
    return singleParams(body);
  } catch {
    return {};
  }
}

/** The state of a sign-in sent to an identity provider; it comes back with the browser (a top-level GET: SameSite=Lax). */
export const SSO_STATE_COOKIE = 'laurel_sso';
const SSO_COOKIE_PATH = `${SIGN_IN_COOKIE_PATH}/sso`;
/** A LogoutRequest sent to a SAML IdP: binds its LogoutResponse (a top-level GET back: SameSite=Lax) to this browser. */
export const SAML_LOGOUT_COOKIE = 'laurel_slo';

/** Back-channel logout tokens come from the provider's servers (one per ended session): a higher limit per IP. */
export const BACKCHANNEL_RATE_LIMIT = { max: 300, timeWindow: 60_000 };

const StartBody = Type.Object(
  {
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 320, description: 'Your work address: its domain names the organisation' })),
    slug: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "Or your organisation's short name" })),
  },
  { additionalProperties: false },
);

const where = (request: FastifyRequest) => ({ ip: request.ip, userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : undefined });

/** Browsers (Accept: text/html) are sent on to the console; API clients get JSON. */
const wantsHtml = (request: FastifyRequest) => /text\/html/.test(String(request.headers.accept ?? ''));

async function answer(deps: HttpDeps, request: FastifyRequest, reply: FastifyReply, run: () => Promise<SignInOutcome>) {
  reply.clearCookie(SSO_STATE_COOKIE, { path: SSO_COOKIE_PATH });
  let outcome: SignInOutcome;
  try {
    outcome = await run();
  } catch (error) {
    if (isAppError(error) && error.code === 'unauthenticated' && wantsHtml(request)) return reply.redirect('/sign-in?sso=failed', 303);
    throw error;
  }
  if (outcome.kind === 'second-factor') {
    setSignInCookie(deps, reply, PENDING_COOKIE, outcome.pendingToken, outcome.expiresAt);
    return wantsHtml(request) ? reply.redirect('/sign-in?second-factor=1', 303) : reply.status(202).send({ secondFactor: { methods: outcome.methods, expiresAt: outcome.expiresAt } });
  }
  setSessionCookie(deps, reply, outcome.token, outcome.session.expiresAt);
  return wantsHtml(request) ? reply.redirect(deps.sso.urls.afterSignIn(), 303) : reply.status(200).send({ signedIn: true, organisationId: outcome.session.orgId });
}

const Answer = {
  200: Type.Object({ signedIn: Type.Boolean(), organisationId: Type.Union([Type.String(), Type.Null()]) }),
  202: Type.Object({ secondFactor: Type.Object({ methods: Type.Array(Type.String()), expiresAt: Type.String() }) }),
  303: Type.Null(),
  ...errorResponses,
};

/** Starting a sign-in and the provider's answers, per client IP: each start writes a pending row, each answer verifies signatures. */
export const SSO_RATE_LIMIT = { max: 20, timeWindow: 60_000 };

export const ssoSignInRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  await app.register(fastifyRateLimit, rateLimitOptions(deps));
  app.post(
    '/session/sso',
    {
      config: { rateLimit: SSO_RATE_LIMIT },
      schema: {
        tags,
        summary: 'Sign in with your organisation (single sign-on): where to send the browser',
        description: 'By the domain of a work address or the organisation\'s short name. Sets a short-lived cookie binding the sign-in to this browser; the answer names the identity provider URL to go to.',
        body: StartBody,
        response: { 200: Type.Object({ redirectUrl: Type.String(), expiresAt: Type.String() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const started = await startSsoSignIn(deps, { email: request.body.email, slug: request.body.slug });
      reply.setCookie(SSO_STATE_COOKIE, started.state, { path: SSO_COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: deps.http.secureCookies, expires: new Date(started.expiresAt) });
      return { redirectUrl: started.redirectUrl, expiresAt: started.expiresAt };
    },
  );

  app.get(
    '/session/sso/oidc/callback',
    {
      config: { rateLimit: SSO_RATE_LIMIT },
      schema: {
        tags,
        summary: 'Where the OpenID Provider sends the browser back (authorization code)',
        querystring: Type.Object({ code: Type.Optional(Type.String({ maxLength: 4096 })), state: Type.Optional(Type.String({ maxLength: 512 })), iss: Type.Optional(Type.String({ maxLength: 2048 })), error: Type.Optional(Type.String({ maxLength: 200 })), error_description: Type.Optional(Type.String({ maxLength: 1000 })), session_state: Type.Optional(Type.String({ maxLength: 1000 })) }),
        response: Answer,
      },
    },
    async (request, reply) => {
      const currentUrl = new URL(deps.sso.urls.oidcCallback());
      for (const [key, value] of Object.entries(request.query)) if (typeof value === 'string') currentUrl.searchParams.set(key, value);
      return answer(deps, request, reply, () => finishOidcSignIn(deps, { browserState: request.cookies[SSO_STATE_COOKIE], currentUrl, ...where(request) }));
    },
  );

  // The IdP's browser POST (HTTP-POST binding): a form body, only in this scope.
  await app.register(async (scope) => {
    acceptForms(scope, 256 * 1024);
    scope.post(
      '/session/sso/saml/:connectionId/acs',
      {
        config: { rateLimit: SSO_RATE_LIMIT },
        schema: {
          tags,
          summary: 'SAML 2.0 Assertion Consumer Service (HTTP-POST binding)',
          description: 'Takes `SAMLResponse` and `RelayState` as application/x-www-form-urlencoded. Only answers to a request sent from here are taken.',
          params: Type.Object({ connectionId: Id }),
          response: Answer,
        },
      },
      async (request, reply) => {
        const params = formOrNothing(request.body);
        const samlResponse = params.SAMLResponse ?? '';
        return answer(deps, request, reply, () => finishSamlSignIn(deps, { connectionId: (request.params as { connectionId: string }).connectionId, relayState: params.RelayState, samlResponse, ...where(request) }));
      },
    );
    scope.post(
      '/session/sso/saml/:connectionId/slo',
      {
        config: { rateLimit: SSO_RATE_LIMIT },
        schema: {
          tags,
          summary: 'SAML 2.0 Single Logout Service (HTTP-POST binding): the IdP ends the person\'s sessions',
          description: 'Takes a `SAMLRequest` (LogoutRequest) signed by the IdP, as application/x-www-form-urlencoded. Unsigned, forged, stale or replayed requests are refused (401). Browsers are sent to the sign-in page.',
          params: Type.Object({ connectionId: Id }),
          response: { 200: Type.Object({ loggedOut: Type.Boolean() }), 303: Type.Null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const params = formOrNothing(request.body);
        await samlSingleLogout(deps, { connectionId: (request.params as { connectionId: string }).connectionId, samlRequest: params.SAMLRequest ?? '', ...where(request) });
        return wantsHtml(request) ? reply.redirect('/sign-in?signed-out=1', 303) : reply.status(200).send({ loggedOut: true });
      },
    );
    scope.post(
      '/session/sso/oidc/:connectionId/backchannel-logout',
      {
        config: { rateLimit: BACKCHANNEL_RATE_LIMIT },
        schema: {
          tags,
          summary: 'OpenID Connect Back-Channel Logout: the provider ends the Laurel sessions of a session it ended',
          description: 'Takes `logout_token` (a JWT signed by the provider) as application/x-www-form-urlencoded. A token that fails any check (signature by the provider\'s JWKS, iss, aud, iat, jti replay, events, sid/sub, no nonce) answers 400.',
          params: Type.Object({ connectionId: Id }),
          response: { 200: Type.Object({ loggedOut: Type.Boolean() }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const params = formOrNothing(request.body);
        await oidcBackchannelLogout(deps, { connectionId: (request.params as { connectionId: string }).connectionId, logoutToken: params.logout_token ?? '', ...where(request) });
        return reply.header('cache-control', 'no-store').status(200).send({ loggedOut: true });
      },
    );
  });

  app.get(
    '/session/sso/saml/:connectionId/slo',
    {
      config: { rateLimit: SSO_RATE_LIMIT },
      schema: {
        tags,
        summary: "SAML 2.0 Single Logout Service (HTTP-Redirect binding): the IdP's LogoutResponse to Laurel's LogoutRequest",
        description: 'Takes `SAMLResponse`, `RelayState`, `SigAlg` and `Signature` in the query. Only an answer signed by the IdP to the request this browser sent is taken (401 otherwise). Browsers are sent to the sign-in page.',
        params: Type.Object({ connectionId: Id }),
        querystring: Type.Object({ SAMLResponse: Type.Optional(Type.String({ maxLength: 65536 })), RelayState: Type.Optional(Type.String({ maxLength: 512 })), SigAlg: Type.Optional(Type.String({ maxLength: 200 })), Signature: Type.Optional(Type.String({ maxLength: 4096 })) }),
        response: { 200: Type.Object({ loggedOut: Type.Boolean() }), 303: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      reply.clearCookie(SAML_LOGOUT_COOKIE, { path: SSO_COOKIE_PATH });
      const rawQuery = request.raw.url?.includes('?') ? request.raw.url.slice(request.raw.url.indexOf('?') + 1) : '';
      try {
        await finishSamlLogout(deps, { connectionId: request.params.connectionId, browserState: request.cookies[SAML_LOGOUT_COOKIE], relayState: request.query.RelayState, rawQuery, ...where(request) });
      } catch (error) {
        // The Laurel session ended when the request was sent: a refused answer changes nothing for the browser.
        if (isAppError(error) && error.code === 'unauthenticated' && wantsHtml(request)) return reply.redirect('/sign-in?signed-out=1', 303);
        throw error;
      }
      return wantsHtml(request) ? reply.redirect('/sign-in?signed-out=1', 303) : reply.status(200).send({ loggedOut: true });
    },
  );

  app.post(
    '/session/sso/logout',
    {
      schema: {
        tags,
        summary: 'Sign out of Laurel, and of the organisation\'s identity provider (SAML Single Logout or OIDC RP-initiated logout)',
        description: 'Ends this session (send X-CSRF-Token). `redirectUrl` is where to send the browser: for a session opened through a SAML connection with an IdP SLO URL, the IdP with a signed LogoutRequest (a short-lived cookie binds its answer to this browser); otherwise the OpenID Provider\'s end_session_endpoint when the person signs in to this organisation with an OpenID Connect connection whose provider has one. Null otherwise.',
        response: { 200: Type.Object({ redirectUrl: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const context = await sessionOf(deps, request);
      let answer: { redirectUrl: string | null } = { redirectUrl: null };
      if (context) {
        if (request.headers['x-csrf-token'] !== context.session.csrfToken) throw new AppError('forbidden', 'send the X-CSRF-Token header to sign out');
        const out = await signOutWithProvider(deps, context.session);
        answer = { redirectUrl: out.redirectUrl };
        if (out.samlLogout) reply.setCookie(SAML_LOGOUT_COOKIE, out.samlLogout.state, { path: SSO_COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: deps.http.secureCookies, expires: new Date(out.samlLogout.expiresAt) });
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return answer;
    },
  );

  app.get(
    '/sso/saml/:connectionId/metadata',
    { schema: { tags, summary: "A SAML connection's service provider metadata (its entity id is this URL)", params: Type.Object({ connectionId: Id }), response: { 200: Type.String(), ...errorResponses } } },
    async (request, reply) => {
      return reply.type('application/samlmetadata+xml').send(await samlMetadata(deps, request.params.connectionId));
    },
  );
};
