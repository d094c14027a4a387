import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IMPORT_SOURCES, type MigrationImport } from '../../../../domain/migration-import/ports.js';
import { getMigrationImport, listMigrationImports, startMigrationImport } from '../../../../domain/migration-import/start-migration-import.js';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { DateTime, IdParams, Nullable, StringEnum, errorResponses } from '../../schemas/common.js';

const tags = ['imports'];

const ItemResult = Type.Object({
  index: Type.Integer({ description: 'the item\'s position in the file (0-based)' }),
  originalId: Nullable(Type.String()),
  status: StringEnum(['imported', 'skipped', 'failed'] as const),
  credentialId: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
});
const ImportView = Type.Object(
  {
    id: Type.String(),
    issuerId: Type.String(),
    source: StringEnum(IMPORT_SOURCES),
    notify: Type.Boolean(),
    status: StringEnum(['queued', 'running', 'done'] as const),
    total: Type.Integer(),
    imported: Type.Integer(),
    skipped: Type.Integer(),
    failed: Type.Integer(),
    results: Type.Array(ItemResult),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'MigrationImport' },
);
const Columns = Type.Object(
  {
    email: Type.Optional(Type.String({ maxLength: 200 })),
    achievement: Type.Optional(Type.String({ maxLength: 200 })),
    issuedOn: Type.Optional(Type.String({ maxLength: 200 })),
    originalId: Type.Optional(Type.String({ maxLength: 200 })),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 200 })),
    evidenceUrl: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false, description: 'which header of the CSV holds each field (defaults: email, achievement, issued_on, id, name, description, evidence_url)' },
);
const StartBody = Type.Object(
  {
    issuerId: Type.String({ minLength: 1, maxLength: 100 }),
    source: StringEnum(IMPORT_SOURCES),
    notify: Type.Optional(Type.Boolean({ description: 'e-mail each earner once about their re-issued credential (default false)' })),
    export: Type.Optional(Type.Unknown({ description: 'source badgr: `{ badgeclasses, assertions }` as Badgr\'s v2 API answers them' })),
    assertions: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 20_000, description: 'source ob2: `{url}`, `{assertion}` or `{image}` (baked PNG/SVG, base64), each with an optional `email`' })),
    csv: Type.Optional(Type.String({ minLength: 1, maxLength: 512 * 1_048_576 })),
    columns: Type.Optional(Columns),
  },
  { additionalProperties: false },
);

const view = (m: MigrationImport) => ({
  id: m.id, issuerId: m.issuerId, source: m.source, notify: m.notify, status: m.status, total: m.total, imported: m.imported,
  skipped: m.skipped, failed: m.failed, results: [...m.results].sort((x, y) => x.index - y.index), createdAt: m.createdAt, updatedAt: m.updatedAt,
});

/** Migration import: an organisation's history from Badgr, OB 2.0 assertions or CSV, re-issued as OB 3.0 by a durable job. */
export const migrationImportRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.post(
    '/imports',
    {
      bodyLimit: deps.http.importBodyLimitBytes ?? deps.http.bodyLimitBytes,
      schema: {
        tags,
        summary: 'Import achievements and awards from Badgr / Canvas Credentials, OB 2.0 assertions or a CSV export',
        description: 'Answers 202 with the import; the awards are re-issued in the background (poll GET /imports/{id}). An original id the organisation already imported is skipped. Honours Idempotency-Key.',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255 })) }),
        body: StartBody,
        response: { 202: ImportView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const started = await startMigrationImport(deps, {
        actor: actorOf(request), issuerId: b.issuerId, source: b.source, notify: b.notify, export: b.export, assertions: b.assertions, csv: b.csv, columns: b.columns,
        idempotencyKey: request.headers['idempotency-key'],
      });
      return reply.status(202).header('location', `/api/v1/imports/${started.id}`).send(view(started));
    },
  );

  app.get('/imports', { schema: { tags, summary: 'Recent migration imports', response: { 200: Type.Object({ items: Type.Array(ImportView) }), ...errorResponses } } }, async (request) => ({
    items: (await listMigrationImports(deps, { actor: actorOf(request) })).map(view),
  }));

  app.get('/imports/:id', { schema: { tags, summary: 'Progress and report of a migration import: imported, skipped as duplicates, failed with reasons', params: IdParams, response: { 200: ImportView, ...errorResponses } } }, async (request) =>
    view(await getMigrationImport(deps, { actor: actorOf(request), id: request.params.id })),
  );
};
