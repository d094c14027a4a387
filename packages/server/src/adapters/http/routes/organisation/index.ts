import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ROLES, type Role } from '../../../../domain/auth/permissions.js';
import { getOrganisation, updateOrganisation } from '../../../../domain/organisations/manage-organisation.js';
import { changeMemberRole, listMembers } from '../../../../domain/organisations/members.js';
import type { MemberView, Organisation } from '../../../../domain/organisations/ports.js';
import { removeMember } from '../../../../domain/organisations/remove-member.js';
import { readAuditLog } from '../../../../domain/organisations/read-audit-log.js';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { DateTime, Id, Nullable, PageQuery, errorResponses, StringEnum, pageOf } from '../../schemas/common.js';

const tags = ['organisation'];
const RoleSchema = StringEnum(ROLES);
const Settings = Type.Object({
  awardEmailSubject: Nullable(Type.String({ maxLength: 200, description: 'Subject of award e-mails; {achievement}, {issuer}, {recipient} are filled in' })),
  awardEmailMessage: Nullable(Type.String({ maxLength: 4000, description: 'Your message in award e-mails (plain text), replacing the default sentence' })),
  defaultVisibility: StringEnum(['public', 'private'] as const),
  locale: Type.String({ minLength: 2, maxLength: 20 }),
});
const OrganisationView = Type.Object({ id: Type.String(), name: Type.String(), settings: Settings, createdAt: DateTime, updatedAt: DateTime }, { $id: 'Organisation' });
const UpdateOrganisationBody = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), settings: Type.Optional(Type.Partial(Settings, { additionalProperties: false })) },
  { additionalProperties: false, minProperties: 1 },
);
const MemberViewSchema = Type.Object({ userId: Type.String(), email: Type.String(), name: Nullable(Type.String()), role: RoleSchema, createdAt: DateTime }, { $id: 'Member' });
const orgView = (o: Organisation) => ({ id: o.id, name: o.name, settings: o.settings, createdAt: o.createdAt, updatedAt: o.updatedAt });
const memberView = (m: MemberView) => ({ userId: m.userId, email: m.email, name: m.name, role: m.role, createdAt: m.createdAt });

export const organisationRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.get('/organisation', { schema: { tags, summary: "The caller's organisation", response: { 200: OrganisationView, ...errorResponses } } }, async (request) =>
    orgView(await getOrganisation(deps, { actor: actorOf(request) })),
  );
  app.patch('/organisation', { schema: { tags, summary: 'Rename or change settings', body: UpdateOrganisationBody, response: { 200: OrganisationView, ...errorResponses } } }, async (request) =>
    orgView(await updateOrganisation(deps, { actor: actorOf(request), patch: request.body })),
  );
  app.get('/members', { schema: { tags, summary: 'Members and their roles', response: { 200: Type.Object({ items: Type.Array(MemberViewSchema) }), ...errorResponses } } }, async (request) => ({
    items: (await listMembers(deps, { actor: actorOf(request) })).map(memberView),
  }));
  app.patch(
    '/members/:userId',
    { schema: { tags, summary: "Change a member's role", params: Type.Object({ userId: Id }), body: Type.Object({ role: RoleSchema }, { additionalProperties: false }), response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await changeMemberRole(deps, { actor: actorOf(request), userId: request.params.userId, role: request.body.role as Role });
      return reply.status(204).send(null);
    },
  );
  app.delete(
    '/members/:userId',
    {
      schema: {
        tags,
        summary: 'Remove a member: their sessions here end and the API keys they made are revoked',
        params: Type.Object({ userId: Id }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeMember(deps, { actor: actorOf(request), userId: request.params.userId });
      return reply.status(204).send(null);
    },
  );

  const AuditEntryView = Type.Object(
    {
      id: Type.String(),
      action: Type.String(),
      actorType: Type.String(),
      actorId: Nullable(Type.String()),
      targetType: Type.String(),
      targetId: Type.String(),
      ip: Nullable(Type.String()),
      requestId: Nullable(Type.String()),
      details: Type.Object({}, { additionalProperties: true }),
      createdAt: DateTime,
    },
    { $id: 'AuditEntry' },
  );
  app.get(
    '/audit-log',
    { schema: { tags, summary: 'Who did what, when and from where (newest first)', querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: pageOf(AuditEntryView), ...errorResponses } } },
    async (request) => {
      const page = await readAuditLog(deps, { actor: actorOf(request), limit: request.query.limit ?? 50, cursor: request.query.cursor });
      return { items: page.items.map(({ orgId: _org, ...e }) => e), nextCursor: page.nextCursor };
    },
  );
};
