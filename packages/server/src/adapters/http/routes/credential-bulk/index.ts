import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { bulkResend } from '../../../../domain/credentials/bulk-resend.js';
import { bulkRevoke } from '../../../../domain/credentials/bulk-revoke.js';
import type { BulkSelection } from '../../../../domain/credentials/bulk-selection.js';
import { exportCredentialList } from '../../../../domain/credentials/export-credential-list.js';
import { certificateBundle } from '../../../../domain/public-pages/certificate-bundle.js';
import { csvText } from '../../../csv/write-csv.js';
import { negotiateLocale } from '../../../html/i18n/index.js';
import { zipStream } from '../../../zip/zip-stream.js';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { errorResponses } from '../../schemas/common.js';
import { defaultPageSize, mediaDeps, type MediaAdapters } from '../credential-media/index.js';
import { Binary } from '../credential-media/media.schema.js';
import { BulkCertificatesBody, BulkHeaders, BulkResendResult, BulkRevokeBody, BulkRevokeResult, BulkSelectionBody } from './bulk.schema.js';

const tags = ['credentials'];
const selectionOf = (body: { ids?: string[] | undefined; filter?: BulkSelection['filter'] }): BulkSelection => ({ ids: body.ids, filter: body.filter });
const CSV_HEADER = ['Recipient name', 'Recipient', 'Achievement', 'Issued on', 'Expires', 'Status', 'Claimed', 'Public URL', 'Credential id'];
const stamp = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Acting on many credentials at once: by `ids`, or by `filter` (everything the list would show). Ids that
 * are not the organisation's are never acted on: reported per id (revoke, resend) or refusing the
 * download (export, certificates).
 */
export const credentialBulkRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps; adapters?: MediaAdapters }> = async (app, { deps, adapters = {} }) => {
  app.post(
    '/credentials/bulk/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke many credentials with one reason',
        description: 'Naturally idempotent: a credential already revoked is left as it is (`already-revoked`), so a retry changes nothing twice. At most 500 credentials a request (`422 selection-too-large`).',
        body: BulkRevokeBody,
        response: { 200: BulkRevokeResult, ...errorResponses },
      },
    },
    async (request) => bulkRevoke(deps, { actor: actorOf(request), selection: selectionOf(request.body), reason: request.body.reason }),
  );

  app.post(
    '/credentials/bulk/resend',
    {
      schema: {
        tags,
        summary: 'Send the award e-mail again to many recipients (new claim links)',
        description: 'Send an `Idempotency-Key` header: a retry with the same key and selection returns the first answer and mails nobody twice. At most 500 credentials a request.',
        headers: BulkHeaders,
        body: BulkSelectionBody,
        response: { 202: BulkResendResult, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { replayed, ...result } = await bulkResend(deps, { actor: actorOf(request), selection: selectionOf(request.body), idempotencyKey: request.headers['idempotency-key'] });
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(202).send(result);
    },
  );

  app.post(
    '/credentials/bulk/export',
    {
      schema: {
        tags,
        summary: 'The selected credentials as CSV (recipient, achievement, dates, status, claimed, public URL)',
        description: 'At most 5000 rows a request. Cells that a spreadsheet would run as a formula are prefixed with a quote mark.',
        body: BulkSelectionBody,
        produces: ['text/csv'],
        response: { 200: Type.String(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const rows = await exportCredentialList(deps, { actor: actorOf(request), selection: selectionOf(request.body) });
      const body = csvText([CSV_HEADER, ...rows.map((r) => [r.recipientName, r.recipientIdentity, r.achievementName, r.issuedOn, r.expiresAt, r.status, r.claimed ? 'yes' : 'no', r.publicUrl, r.id])]);
      return reply
        .type('text/csv; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="credentials-${stamp(deps.clock.now())}.csv"`)
        .send(body);
    },
  );

  const media = mediaDeps(deps, adapters);
  app.post(
    '/credentials/bulk/certificates',
    {
      schema: {
        tags,
        summary: 'The PDF certificates of the selected credentials, as one zip (streamed)',
        description: 'At most 50 certificates a request (`422 selection-too-large` beyond, before anything is drawn). Each file is named after the recipient and the credential id.',
        body: BulkCertificatesBody,
        produces: ['application/zip'],
        response: { 200: Binary, ...errorResponses },
      },
    },
    async (request, reply) => {
      const acceptLanguage = request.body.lang ?? request.headers['accept-language'];
      const bundle = await certificateBundle(media, {
        actor: actorOf(request),
        selection: selectionOf(request.body),
        size: request.body.size ?? defaultPageSize(acceptLanguage),
        locale: negotiateLocale(acceptLanguage),
      });
      const stream = zipStream(bundle.files, (error) => request.log.error({ err: error }, 'certificate zip failed part way'));
      return reply
        .type('application/zip')
        .header('cache-control', 'private, no-store')
        .header('x-certificate-count', String(bundle.count))
        .header('content-disposition', `attachment; filename="certificates-${stamp(deps.clock.now())}.zip"`)
        .send(stream as unknown as Buffer); // a stream is sent as it flows, never serialised
    },
  );
};
