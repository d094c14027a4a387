import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ROLES, type Role } from '../../../../domain/auth/permissions.js';
import { getOrganisation, updateOrganisation } from '../../../../domain/organisations/manage-organisation.js';
import { changeMemberRole, listMembers } from '../../../../domain/organisations/members.js';
import type { MemberView, Organisation } from '../../../../domain/organisations/ports.js';
import { removeMember } from '../../../../domain/organisations/remove-member.js';
import { deleteOrganisation } from '../../../../domain/organisations/delete-organisation.js';
import { exportAuditLog, readAuditLog } from '../../../../domain/audit/read-audit-log.js';
import { verifyAuditLog } from '../../../../domain/audit/verify-audit-log.js';
import { csvText } from '../../../csv/write-csv.js';
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
  privacyNoticeUrl: Type.Optional(Nullable(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000, description: 'Your privacy notice, linked from award e-mails and public pages' }))),
  unclaimedRetentionDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 3650, description: "Erase unclaimed awards' recipient name and address this many days after issue" }))),
  ipRetentionDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 3650, description: 'Forget IP addresses and user agents in the audit log and sessions after this many days' }))),
  emailOpenTracking: Type.Optional(Type.Boolean({ description: 'Award e-mails carry a 1×1 image that counts opens (analytics); false turns it off. Default: on' })),
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
  app.delete(
    '/organisation',
    {
      schema: {
        tags,
        summary:
          "Delete the organisation (an owner, signed in, with a factor proven recently, typing its name): its sessions, API keys and members end, its data keys are destroyed and its data purged; what verifies the credentials it issued stays unless `withdrawCredentials`",
        body: Type.Object(
          {
            confirmName: Type.String({ maxLength: 200, description: "The organisation's name, typed again" }),
            withdrawCredentials: Type.Optional(Type.Boolean({ description: 'Also delete issuers, their keys and status lists: the credentials already issued stop verifying. Default false' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ deletedAt: DateTime, withdrawCredentials: Type.Boolean() }), ...errorResponses },
      },
    },
    async (request) => deleteOrganisation(deps, { actor: actorOf(request), confirmName: request.body.confirmName, withdrawCredentials: request.body.withdrawCredentials }),
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
      userAgent: Nullable(Type.String()),
      seq: Nullable(Type.Integer({ description: 'Place in the organisation chain' })),
      hash: Nullable(Type.String({ description: 'sha256 of the entry and the previous hash' })),
    },
    { $id: 'AuditEntry' },
  );
  const AuditQuery = {
    actorId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only what this member, API key or client did' })),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9.-]+$', description: 'An action (`credential.issue`), or every action under a prefix ending in a dot (`credential.`)' })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'From this time (inclusive)' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Until this time (exclusive)' })),
  };
  type AuditQueryValue = { actorId?: string | undefined; action?: string | undefined; from?: string | undefined; to?: string | undefined };
  const filterOf = (q: AuditQueryValue) => ({
    actorId: q.actorId,
    action: q.action,
    from: q.from === undefined ? undefined : new Date(q.from).toISOString(),
    to: q.to === undefined ? undefined : new Date(q.to).toISOString(),
  });
  app.get(
    '/audit-log',
    {
      schema: {
        tags,
        summary: 'Who did what, when and from where (newest first), filtered by actor, action and time',
        querystring: Type.Object({ ...PageQuery, ...AuditQuery }, { additionalProperties: false }),
        response: { 200: pageOf(AuditEntryView), ...errorResponses },
      },
    },
    async (request) => {
      const page = await readAuditLog(deps, { actor: actorOf(request), limit: request.query.limit ?? 50, cursor: request.query.cursor, filter: filterOf(request.query) });
      return {
        items: page.items.map((e) => ({
          id: e.id, action: e.action, actorType: e.actorType, actorId: e.actorId, targetType: e.targetType, targetId: e.targetId, ip: e.ip,
          userAgent: e.userAgent ?? null, requestId: e.requestId, details: e.details, createdAt: e.createdAt, seq: e.seq ?? null, hash: e.hash ?? null,
        })),
        nextCursor: page.nextCursor,
      };
    },
  );
  app.get(
    '/audit-log/export.csv',
    {
      schema: {
        tags,
        summary: 'The audit log as CSV, with the same filters (a factor proven recently)',
        querystring: Type.Object(AuditQuery, { additionalProperties: false }),
        produces: ['text/csv'],
        response: { 200: Type.String(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const rows: string[][] = [];
      for await (const row of exportAuditLog(deps, { actor: actorOf(request), filter: filterOf(request.query) })) rows.push(row);
      return reply
        .type('text/csv; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="audit-log-${deps.clock.now().toISOString().slice(0, 10)}.csv"`)
        .send(csvText(rows));
    },
  );
  app.get(
    '/audit-log/verify',
    {
      schema: {
        tags,
        summary: "Walks the organisation's audit chain and reports the first broken link (an entry changed, removed or reordered)",
        response: {
          200: Type.Object({
            valid: Type.Boolean(),
            entries: Type.Integer({ description: 'Entries checked up to the first broken link' }),
            headHash: Type.String({ description: 'The hash of the last good entry (keep it somewhere else to detect a rewritten tail)' }),
            firstBroken: Nullable(Type.Object({ seq: Type.Integer(), entryId: Type.String(), reason: StringEnum(['hash-mismatch', 'previous-hash-mismatch', 'sequence-gap'] as const) })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => verifyAuditLog(deps, { actor: actorOf(request) }),
  );
};
