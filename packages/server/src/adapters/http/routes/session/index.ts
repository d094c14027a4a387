import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { setupFirstOwner } from '../../../../domain/organisations/setup-first-owner.js';
import { signIn } from '../../../../domain/sessions/sign-in.js';
import { signInWithPassword, withPasswordThrottle } from '../../../../domain/sessions/password-sign-in.js';
import { signOut } from '../../../../domain/sessions/authenticate-session.js';
import { AppError } from '../../../../domain/shared/errors.js';
import { SESSION_COOKIE, sessionOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { Problem, errorResponses } from '../../schemas/common.js';
import { setSessionCookie } from '../../session-cookies.js';
import { SecondFactorView, SessionView, sessionView } from './session-view.js';
import { answerFirstFactor, viewOfToken } from './sign-in-answer.js';
import { secondFactorRoutes } from './second-factor.js';

const tags = ['session'];

const SetupBody = Type.Object(
  {
    organisationName: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.String({ format: 'email', maxLength: 320 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    name: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const SetupResultView = Type.Object({
  organisationId: Type.String(),
  userId: Type.String(),
  apiKey: Type.String({ description: 'An all-scopes API key, shown once' }),
  session: SessionView,
});

const SignInBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);

export const sessionRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.get('/setup', { schema: { tags, summary: 'Is first-run setup still needed?', response: { 200: Type.Object({ needed: Type.Boolean() }) } } }, async () => ({
    needed: !(await deps.store.organisations.hasAnyOwner()),
  }));

  app.post(
    '/setup',
    { schema: { tags, summary: 'First run: create the organisation and its owner (only while no owner exists)', body: SetupBody, response: { 201: SetupResultView, ...errorResponses } } },
    async (request, reply) => {
      // An existing account's password (to make it the owner) is a typed password like any other: throttled.
      const result = await withPasswordThrottle(deps, { email: request.body.email, ip: request.ip }, () => setupFirstOwner(deps, { ...request.body, ip: request.ip }));
      // The owner's account has no second factor (setup refuses one that has): the password signs in.
      const { token, session } = await signIn(deps, { email: request.body.email, password: request.body.password, ip: request.ip, userAgent: request.headers['user-agent'] });
      setSessionCookie(deps, reply, token, session.expiresAt);
      return reply.status(201).send({ organisationId: result.organisation.id, userId: result.user.id, apiKey: result.apiKeySecret, session: await viewOfToken(deps, token) });
    },
  );

  app.post(
    '/session',
    {
      schema: {
        tags,
        summary: 'Sign in (sets the session cookie, or asks for the second factor)',
        description:
          'Failures are counted per account and per client; too many answer 429 with Retry-After (the same for addresses with no account). An account with a second factor gets 202 and a short-lived cookie for `/session/second-factor`: no session exists until the second factor is proven. See docs/security.md.',
        body: SignInBody,
        response: { 200: SessionView, 202: SecondFactorView, ...errorResponses, 429: Problem },
      },
    },
    async (request, reply) => {
      const outcome = await signInWithPassword(deps, { email: request.body.email, password: request.body.password, ip: request.ip, userAgent: request.headers['user-agent'] });
      return answerFirstFactor(deps, reply, outcome, (token) => viewOfToken(deps, token));
    },
  );

  app.get('/session', { schema: { tags, summary: 'The signed-in person (and the state of their second factor)', response: { 200: SessionView, ...errorResponses } } }, async (request) => {
    const context = await sessionOf(deps, request);
    if (!context) throw new AppError('unauthenticated', 'not signed in');
    return sessionView(deps, context);
  });

  app.delete('/session', { schema: { tags, summary: 'Sign out', response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    const context = await sessionOf(deps, request);
    if (context) {
      if (request.headers['x-csrf-token'] !== context.session.csrfToken) throw new AppError('forbidden', 'send the X-CSRF-Token header to sign out');
      await signOut(deps, request.cookies[SESSION_COOKIE]!);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  await app.register(secondFactorRoutes, { deps });
};
