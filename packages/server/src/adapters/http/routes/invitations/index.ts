import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fastifyRateLimit from '@fastify/rate-limit';
import { ROLES } from '../../../../domain/auth/permissions.js';
import { acceptInvitation, describeInvitation } from '../../../../domain/organisations/accept-invitation.js';
import type { Invitation } from '../../../../domain/organisations/invitation-ports.js';
import { inviteMember, listInvitations, revokeInvitation } from '../../../../domain/organisations/invite-member.js';
import { AppError } from '../../../../domain/shared/errors.js';
import { actorOf, sessionOf } from '../../auth.js';
import { setSessionCookie } from '../../session-cookies.js';
import { SessionView } from '../session/session-view.js';
import { viewOfToken } from '../session/sign-in-answer.js';
import type { HttpDeps } from '../../http-deps.js';
import { problem } from '../../problems.js';
import { rateLimitOptions } from '../../rate-limit.js';
import { DateTime, IdParams, Nullable, StringEnum, errorResponses } from '../../schemas/common.js';

const tags = ['organisation'];
const RoleSchema = StringEnum(ROLES);
const InvitationView = Type.Object({ id: Type.String(), email: Type.String(), role: RoleSchema, createdAt: DateTime, expiresAt: DateTime, sentAt: Nullable(DateTime) }, { $id: 'Invitation' });
const view = (i: Invitation) => ({ id: i.id, email: i.email, role: i.role, createdAt: i.createdAt, expiresAt: i.expiresAt, sentAt: i.sentAt });
const TokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }) });

/** An organisation's pending invitations (admins; behind the API's authentication). */
export const invitationRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.get('/invitations', { schema: { tags, summary: 'Pending invitations', response: { 200: Type.Object({ items: Type.Array(InvitationView) }), ...errorResponses } } }, async (request) => ({
    items: (await listInvitations(deps, { actor: actorOf(request) })).map(view),
  }));
  app.post(
    '/invitations',
    {
      schema: {
        tags,
        summary: 'Invite a person by e-mail with a role (they join by using the mailed link)',
        description:
          'Nobody becomes a member here: the address receives a single-use link valid for 7 days, and the person joins by using it. The answer is the same whether or not the address has an account. A new invitation to the same address replaces a pending one.',
        body: Type.Object({ email: Type.String({ format: 'email', maxLength: 320 }), role: RoleSchema }, { additionalProperties: false }),
        response: { 202: InvitationView, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(202).send(view(await inviteMember(deps, { actor: actorOf(request), email: request.body.email, role: request.body.role }))),
  );
  app.delete('/invitations/:id', { schema: { tags, summary: 'Withdraw a pending invitation (its link stops working)', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await revokeInvitation(deps, { actor: actorOf(request), id: request.params.id });
    return reply.status(204).send(null);
  });
};



/** The invitation link (public: the token is the proof; a signed-in caller must be the invited address). */
export const joinRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  await app.register(fastifyRateLimit, rateLimitOptions(deps));
  app.get(
    '/join/:token',
    {
      config: { rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'What an invitation link is for (shown before accepting)',
        params: TokenParams,
        response: { 200: Type.Object({ organisationName: Type.String(), role: RoleSchema, email: Type.String(), expiresAt: DateTime, signInToAccept: Type.Boolean() }), ...errorResponses },
      },
    },
    async (request) => describeInvitation(deps, { token: request.params.token }),
  );
  app.post(
    '/join/:token',
    {
      config: { rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'Accept an invitation (single use, 7 days) and sign in to that organisation',
        description:
          'Signed in: only as the invited address\'s account (send X-CSRF-Token). Not signed in: an address without an account, or whose account never verified it, chooses a password here (a never-verified account is reset: its password and sessions end); an account with a verified address must sign in first (401).',
        params: TokenParams,
        body: Type.Object({ password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })), name: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
        response: { 200: SessionView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const context = await sessionOf(deps, request).catch(() => null);
      if (context && request.headers['x-csrf-token'] !== context.session.csrfToken) {
        return reply.status(403).type('application/problem+json').send(problem('csrf', 'send the X-CSRF-Token header you received when you signed in', { requestId: request.id }));
      }
      const { token, session } = await acceptInvitation(deps, {
        token: request.params.token,
        signedIn: context ? { userId: context.session.userId, sessionId: context.session.id, mfa: context.session.mfa } : undefined,
        password: request.body.password,
        name: request.body.name,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
      if (!session.orgId) throw new AppError('invalid-state', 'the membership could not be found');
      setSessionCookie(deps, reply, token, session.expiresAt);
      return viewOfToken(deps, token);
    },
  );
};
