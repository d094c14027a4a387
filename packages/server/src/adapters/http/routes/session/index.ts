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
import { Nullable, Problem, errorResponses } from '../../schemas/common.js';

const tags = ['session'];

const SessionView = Type.Object(
  {
    user: Type.Object({ id: Type.String(), email: Type.String(), name: Nullable(Type.String()) }),
    organisationId: Nullable(Type.String()),
    role: Nullable(Type.String()),
    csrfToken: Type.String({ description: 'Send as X-CSRF-Token on every POST/PATCH/DELETE made with the session cookie' }),
  },
  { $id: 'Session' },
);

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
  const setCookie = (reply: FastifyReply, token: string, expiresAt: string): void => {
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.http.secureCookies, expires: new Date(expiresAt) });
  };

  /** `throttled`: a sign-in attempt (counted, locked); setup signs in with the password it just set. */
  const startSession = async (email: string, password: string, ip: string, userAgent: string | undefined, reply: FastifyReply, throttled = false) => {
    const { token, session } = await (throttled ? signInWithPassword : signIn)(deps, { email, password, ip, userAgent });
    setCookie(reply, token, session.expiresAt);
    const user = await deps.store.users.findById(session.userId);
    const membership = session.orgId ? await deps.store.memberships.find(session.orgId, session.userId) : undefined;
    return {
      user: { id: user!.id, email: user!.email, name: user!.name },
      organisationId: session.orgId,
      role: membership?.role ?? null,
      csrfToken: session.csrfToken,
    };
  };

  app.get('/setup', { schema: { tags, summary: 'Is first-run setup still needed?', response: { 200: Type.Object({ needed: Type.Boolean() }) } } }, async () => ({
    needed: !(await deps.store.organisations.hasAnyOwner()),
  }));

  app.post(
    '/setup',
    { schema: { tags, summary: 'First run: create the organisation and its owner (only while no owner exists)', body: SetupBody, response: { 201: SetupResultView, ...errorResponses } } },
    async (request, reply) => {
      // An existing account's password (to make it the owner) is a typed password like any other: throttled.
      const result = await withPasswordThrottle(deps, { email: request.body.email, ip: request.ip }, () => setupFirstOwner(deps, { ...request.body, ip: request.ip }));
      const session = await startSession(request.body.email, request.body.password, request.ip, request.headers['user-agent'], reply);
      return reply.status(201).send({ organisationId: result.organisation.id, userId: result.user.id, apiKey: result.apiKeySecret, session });
    },
  );

  app.post(
    '/session',
    {
      schema: {
        tags,
        summary: 'Sign in (sets the session cookie)',
        description:
          'Failures are counted per account and per client; too many answer 429 with Retry-After (the same for addresses with no account). See docs/security.md.',
        body: SignInBody,
        response: { 200: SessionView, ...errorResponses, 429: Problem },
      },
    },
    async (request, reply) => startSession(request.body.email, request.body.password, request.ip, request.headers['user-agent'], reply, true),
  );

  app.get('/session', { schema: { tags, summary: 'The signed-in person', response: { 200: SessionView, ...errorResponses } } }, async (request) => {
    const context = await sessionOf(deps, request);
    if (!context) throw new AppError('unauthenticated', 'not signed in');
    const user = await deps.store.users.findById(context.session.userId);
    if (!user) throw new AppError('unauthenticated', 'not signed in');
    return {
      user: { id: user.id, email: user.email, name: user.name },
      organisationId: context.principal?.orgId ?? null,
      role: context.principal?.role ?? null,
      csrfToken: context.session.csrfToken,
    };
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
};
