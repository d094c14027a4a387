import { recordEngagement } from '../../engagement.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { getCertificatePdf, getCredentialCertificatePdf } from '../../../../domain/public-pages/get-certificate.js';
import { getCredentialBadgeImage, getPublicBadgeImage, type BadgeImage } from '../../../../domain/public-pages/get-badge-image.js';
import { getIssuerLogo } from '../../../../domain/public-pages/issuer-logo.js';
import type { BadgeArtwork, CertificateRenderer, PageSize } from '../../../../domain/public-pages/ports.js';
import type { BadgeMediaDeps, CertificateDeps } from '../../../../domain/public-pages/public-pages-deps.js';
import { resvgArtwork } from '../../../images/resvg-artwork.js';
import { negotiateLocale } from '../../../html/i18n/index.js';
import { pdfCertificateRenderer } from '../../../pdf/certificate-pdf.js';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { viewerOf } from '../../auth.js';
import { IdParams, Problem, errorResponses } from '../../schemas/common.js';
import { PAGE_ID, pageDeps } from '../public-pages/index.js';
import { Binary, CertificateQuery, ImageQuery, PublicBadgeQuery } from './media.schema.js';

export interface MediaAdapters {
  artwork?: BadgeArtwork | undefined;
  certificates?: CertificateRenderer | undefined;
}

const params = Type.Object({ id: Type.String({ minLength: 16, maxLength: 100 }) });
const tags = ['public pages'];
/** SVG answered to a browser may carry artwork: no script, no fetches, only inline styles and data: images. */
const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
const LETTER_REGIONS = new Set(['us', 'ca', 'mx', 'ph', 'cl', 'co', 've', 'gt', 'pr']);

export function mediaDeps(deps: HttpDeps, adapters: MediaAdapters): BadgeMediaDeps & CertificateDeps {
  return { ...pageDeps(deps), imaging: deps.imaging, artwork: adapters.artwork ?? resvgArtwork({ isolation: deps.untrusted.images }), certificates: adapters.certificates ?? pdfCertificateRenderer() };
}

function sendImage(reply: FastifyReply, image: BadgeImage, cacheControl: string): FastifyReply {
  reply.type(image.mediaType).header('cache-control', cacheControl).header('content-disposition', `inline; filename="${image.filename}"`);
  if (image.mediaType === 'image/svg+xml') reply.header('content-security-policy', SVG_CSP);
  return reply.send(Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength));
}

/** Paper for a locale: Letter where it is the norm (first Accept-Language region), else A4. */
export function defaultPageSize(acceptLanguage: string | undefined): PageSize {
  const first = (acceptLanguage ?? '').split(',')[0]!.trim().split(';')[0]!.toLowerCase();
  const region = first.split('-')[1];
  return region && LETTER_REGIONS.has(region) ? 'letter' : 'a4';
}

/** Public downloads of a credential: baked badge images and the PDF certificate. */
export const credentialMediaRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps; adapters?: MediaAdapters }> = async (app, { deps, adapters = {} }) => {
  const media = mediaDeps(deps, adapters);
  // Read after the answer, for the analytics only (the image or PDF was shown: the credential exists).
  const findRef = async (id: string) => (await deps.store.credentials.findPublic(id)) ?? undefined;
  for (const format of ['png', 'svg'] as const) {
    app.get(
      `/credentials/:id${PAGE_ID}/badge.${format}`,
      { schema: { tags, summary: `Badge image (${format.toUpperCase()}) baked with the credential`, params, querystring: PublicBadgeQuery, produces: [`image/${format === 'png' ? 'png' : 'svg+xml'}`], response: { 200: Binary, 404: Problem } } },
      async (request, reply) => {
        const viewer = { ...(await viewerOf(deps, request)), viewToken: request.query.view };
        const image = await getPublicBadgeImage(media, { id: request.params.id, version: Number(request.query.version ?? '3') as 2 | 3, format, viewer });
        if (request.query.download === '1') recordEngagement(deps, request, { credential: () => findRef(request.params.id), metric: 'accepted', dim: 'baked', browser: true });
        return sendImage(reply.header('access-control-allow-origin', '*'), image, viewer.userId || viewer.viewToken ? 'private, no-store' : 'public, max-age=300');
      },
    );
  }

  app.get(
    `/credentials/:id${PAGE_ID}/certificate.pdf`,
    { schema: { tags, summary: 'Printable PDF certificate with a QR code and the signed credential attached', params, querystring: CertificateQuery, produces: ['application/pdf'], response: { 200: Binary, 404: Problem } } },
    async (request, reply) => {
      const acceptLanguage = request.query.lang ?? request.headers['accept-language'];
      const viewer = { ...(await viewerOf(deps, request)), viewToken: request.query.view };
      const pdf = await getCertificatePdf(media, { id: request.params.id, size: request.query.size, readerSize: defaultPageSize(acceptLanguage), locale: negotiateLocale(acceptLanguage), viewer });
      recordEngagement(deps, request, { credential: () => findRef(request.params.id), metric: 'downloaded', browser: true });
      return reply
        .type('application/pdf')
        // The certificate shows a "revoked" / "expired" stamp: no older than a status list may be.
        .header('cache-control', viewer.userId || viewer.viewToken ? 'private, no-store' : 'public, max-age=60')
        .header('vary', 'Accept-Language')
        .header('content-disposition', `inline; filename="${pdf.filename}"`)
        .send(Buffer.from(pdf.bytes.buffer, pdf.bytes.byteOffset, pdf.bytes.byteLength));
    },
  );

  app.get(
    `/issuers/:id${PAGE_ID}/logo.png`,
    { schema: { tags, summary: "The issuer's logo as PNG, checked and re-encoded on the safe-image path (404 when it has none to show)", params, produces: ['image/png'], response: { 200: Binary, 404: Problem } } },
    async (request, reply) => {
      const png = await getIssuerLogo(media, { id: request.params.id });
      return reply
        .type('image/png')
        .header('cache-control', 'public, max-age=300')
        .header('access-control-allow-origin', '*')
        .header('content-disposition', 'inline; filename="logo.png"')
        .send(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
    },
  );
};

/** `GET /api/v1/credentials/:id/image`: the organisation's own credentials, whatever their visibility. */
export const credentialImageApiRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps; adapters?: MediaAdapters }> = async (app, { deps, adapters = {} }) => {
  const media = mediaDeps(deps, adapters);
  app.get(
    '/credentials/:id/image',
    {
      schema: {
        tags: ['credentials'],
        summary: "The achievement's artwork baked with the credential: OB 3.0 (signed credential) or OB 2.0 (hosted assertion URL), PNG or SVG",
        params: IdParams,
        querystring: ImageQuery,
        produces: ['image/png', 'image/svg+xml'],
        response: { 200: Binary, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { version = '3', format = 'png' } = request.query;
      const image = await getCredentialBadgeImage(media, { actor: actorOf(request), id: request.params.id, version: Number(version) as 2 | 3, format });
      return sendImage(reply, image, 'private, no-store');
    },
  );

  app.get(
    '/credentials/:id/certificate.pdf',
    {
      schema: {
        tags: ['credentials'],
        summary: 'The PDF certificate of one of your credentials, whatever its visibility (the signed credential attached)',
        params: IdParams,
        querystring: Type.Object({ size: CertificateQuery.properties.size, lang: CertificateQuery.properties.lang }, { additionalProperties: false }),
        produces: ['application/pdf'],
        response: { 200: Binary, ...errorResponses },
      },
    },
    async (request, reply) => {
      const acceptLanguage = request.query.lang ?? request.headers['accept-language'];
      const size = request.query.size ?? defaultPageSize(acceptLanguage);
      const pdf = await getCredentialCertificatePdf(media, { actor: actorOf(request), id: request.params.id, size, locale: negotiateLocale(acceptLanguage) });
      return reply
        .type('application/pdf')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="${pdf.filename}"`)
        .send(Buffer.from(pdf.bytes.buffer, pdf.bytes.byteOffset, pdf.bytes.byteLength));
    },
  );
};
