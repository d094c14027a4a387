import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DATE_ORDERS } from '../../../../domain/bulk/bulk-dates.js';
import { BULK_ISSUE_CODES, type BulkImportProgress } from '../../../../domain/bulk/ports.js';
import { LIST_RESULTS_PAGE, RESULTS_PAGE_DEFAULT, RESULTS_PAGE_MAX, getBulkImport, listedRows, listBulkImports, previewBulkImport, startBulkImport, type BulkPreview } from '../../../../domain/bulk/start-bulk-import.js';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { DateTime, IdParams, StringEnum, errorResponses } from '../../schemas/common.js';
import { csvCell } from '../../../csv/write-csv.js';

const tags = ['bulk'];
/** The bulk upload's body limit unless configured (LAUREL_BULK_BODY_LIMIT): 100,000 rows of a real course export fit in it. */
export const BULK_BODY_LIMIT_BYTES = 16 * 1_048_576;

const RowResult = Type.Object({
  row: Type.Integer(),
  email: Type.String(),
  status: StringEnum(['issued', 'failed', 'invalid'] as const),
  credentialId: Type.Optional(Type.String()),
  error: Type.Optional(Type.String()),
});
const ImportView = Type.Object(
  {
    id: Type.String(),
    achievementId: Type.String(),
    status: StringEnum(['queued', 'running', 'done', 'failed'] as const),
    total: Type.Integer(),
    processed: Type.Integer(),
    failed: Type.Integer(),
    results: Type.Array(RowResult, { description: 'results by row: a page of them (`afterRow`, `limit`; 1000 by default)' }),
    nextAfterRow: Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description: 'the `afterRow` of the next page of results; null: this page is the last' })),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'BulkImport' },
);
const Issue = Type.Object({
  code: StringEnum(BULK_ISSUE_CODES),
  severity: StringEnum(['error', 'warning'] as const),
  column: Type.Union([Type.String(), Type.Null()], { description: 'the header as written in the file' }),
  value: Type.Optional(Type.String()),
  row: Type.Optional(Type.Integer({ description: 'the earlier row (duplicate-row)' })),
});
const DateOrderSchema = StringEnum(DATE_ORDERS, { description: 'how to read 01/02/2026: dmy (en-GB, fr) or mdy (en-US); without it only unambiguous dates are read' });
const PreviewView = Type.Object({
  total: Type.Integer(),
  valid: Type.Integer(),
  invalid: Type.Integer(),
  warnings: Type.Array(Issue),
  rowsListed: Type.Optional(StringEnum(['all', 'issues'] as const, { description: 'all: every row is in `rows`; issues (a file over 10,000 rows): only rows with an error or a warning, at most 10,000' })),
  rowsOmitted: Type.Optional(Type.Integer({ description: 'rows of the file not in `rows`' })),
  rows: Type.Array(
    Type.Object({
      row: Type.Integer(),
      name: Type.Union([Type.String(), Type.Null()]),
      email: Type.String(),
      evidenceUrl: Type.Union([Type.String(), Type.Null()]),
      narrative: Type.Union([Type.String(), Type.Null()]),
      issuedOn: Type.Union([Type.String(), Type.Null()]),
      errors: Type.Array(Type.String()),
      warnings: Type.Array(Type.String()),
      issues: Type.Array(Issue),
    }),
  ),
});

const importView = (b: BulkImportProgress, limit = RESULTS_PAGE_DEFAULT) => {
  const results = [...b.results].sort((x, y) => x.row - y.row);
  return {
    id: b.id, achievementId: b.achievementId, status: b.status, total: b.total, processed: b.processed, failed: b.failed,
    results, nextAfterRow: results.length >= limit ? results[results.length - 1]!.row : null, createdAt: b.createdAt, updatedAt: b.updatedAt,
  };
};
const ResultsQuery = Type.Object(
  {
    afterRow: Type.Optional(Type.Integer({ minimum: 0, description: 'results of the rows after this one (default 0: from the first)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: RESULTS_PAGE_MAX, description: `results at most (default ${RESULTS_PAGE_DEFAULT})` })),
  },
  { additionalProperties: false },
);
/** Results read a page at a time for the report (a 100,000-row import's), the event loop given back between pages. */
const REPORT_PAGE = RESULTS_PAGE_MAX;
const previewView = (p: BulkPreview) => {
  const { rows, listed, omitted } = listedRows(p);
  return {
    total: p.total, valid: p.valid, invalid: p.invalid, warnings: p.warnings, rowsListed: listed, rowsOmitted: omitted,
    rows: rows.map((r) => ({ ...r.row, errors: r.errors, warnings: r.warnings, issues: r.issues })),
  };
};

/** Bulk awards from CSV: preview with per-row errors, then a durable background job with progress. */
export const bulkRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  const bodyLimit = deps.http.bulkBodyLimitBytes ?? BULK_BODY_LIMIT_BYTES;
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, { csv: body as string }));

  app.post(
    '/achievements/:id/bulk',
    {
      bodyLimit,
      schema: {
        tags,
        summary: 'Award an achievement to every row of a CSV (name, email, evidence URL, narrative, issued date)',
        description: 'Send JSON `{csv, dryRun?}` or the CSV itself as text/csv. `dryRun` (or `?dryRun=true`) only validates. Honours Idempotency-Key.',
        params: IdParams,
        querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean()), dateOrder: Type.Optional(DateOrderSchema) }, { additionalProperties: false }),
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255 })) }),
        body: Type.Object({ csv: Type.String({ description: 'the CSV (its size is bounded by the body limit; an empty one has no rows)' }), dryRun: Type.Optional(Type.Boolean()), dateOrder: Type.Optional(DateOrderSchema) }, { additionalProperties: false }),
        response: { 200: PreviewView, 202: Type.Object({ import: ImportView, preview: PreviewView }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const input = { actor: actorOf(request), achievementId: request.params.id, csv: request.body.csv, dateOrder: request.body.dateOrder ?? request.query.dateOrder };
      if (request.body.dryRun || request.query.dryRun) return previewView(await previewBulkImport(deps, input));
      const { bulkImport, preview } = await startBulkImport(deps, { ...input, idempotencyKey: request.headers['idempotency-key'] });
      return reply.status(202).header('location', `/api/v1/bulk-imports/${bulkImport.id}`).send({ import: importView(bulkImport), preview: previewView(preview) });
    },
  );

  app.get('/bulk-imports', { schema: { tags, summary: 'Recent bulk imports (50; each with its first 100 results, the rest from GET /bulk-imports/{id})', response: { 200: Type.Object({ items: Type.Array(ImportView) }), ...errorResponses } } }, async (request) => ({
    items: (await listBulkImports(deps, { actor: actorOf(request) })).map((b) => importView(b, LIST_RESULTS_PAGE)),
  }));

  app.get(
    '/bulk-imports/:id',
    { schema: { tags, summary: 'Progress and per-row results of a bulk import (a page of results by row)', params: IdParams, querystring: ResultsQuery, response: { 200: ImportView, ...errorResponses } } },
    async (request) => {
      const page = { afterRow: request.query.afterRow ?? 0, limit: request.query.limit ?? RESULTS_PAGE_DEFAULT };
      return importView(await getBulkImport(deps, { actor: actorOf(request), id: request.params.id, page }), page.limit);
    },
  );

  app.get('/bulk-imports/:id/report.csv', { schema: { tags, summary: 'The per-row report as CSV', params: IdParams, response: { 200: Type.String(), ...errorResponses } } }, async (request, reply) => {
    const actor = actorOf(request);
    let b = await getBulkImport(deps, { actor, id: request.params.id, page: { afterRow: 0, limit: REPORT_PAGE } });
    const lines = [['row', 'email', 'status', 'credential_id', 'credential_url', 'error'].join(',')];
    for (;;) {
      for (const r of b.results) {
        lines.push([r.row, r.email, r.status, r.credentialId, r.credentialId ? deps.urls.publicCredentialPage(r.credentialId) : undefined, r.error].map(csvCell).join(','));
      }
      if (b.results.length < REPORT_PAGE) break;
      b = await getBulkImport(deps, { actor, id: b.id, page: { afterRow: b.results[b.results.length - 1]!.row, limit: REPORT_PAGE } });
    }
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="bulk-import-${b.id}.csv"`).send(lines.join('\n') + '\n');
  });
};
