import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getBadgeClassImage } from '../../../../domain/public-pages/get-badge-class-image.js';
import { getOb2Assertion, getOb2BadgeClass, getOb2Issuer } from '../../../../domain/public/get-ob2-documents.js';
import type { HttpDeps } from '../../http-deps.js';
import { IdParams, Problem } from '../../schemas/common.js';
import { defaultBadgeSvg } from '../../../../domain/images/badge/default-badge-svg.js';

const tags = ['open-badges-2.0'];
const LD_JSON = 'application/ld+json; charset=utf-8';
// OB 2.0 documents are open JSON-LD; the response schema only says "an object" and passes it through.
const Document = Type.Object({}, { additionalProperties: true });
const responses = { 200: Document, 404: Problem };
/** Artwork opened directly cannot run script, fetch anything or be framed. */
const ARTWORK_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** Public, unauthenticated OB 2.0 hosted verification documents. */
export const ob2Routes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  const links = deps.links;

  app.get('/ob2/assertions/:id', { schema: { tags, summary: 'OB 2.0 hosted Assertion (410 once revoked)', params: IdParams, response: { ...responses, 410: Document } } }, async (request, reply) => {
    const { revoked, document } = await getOb2Assertion(deps, { id: request.params.id, links });
    return reply.status(revoked ? 410 : 200).type(LD_JSON).header('cache-control', 'no-cache').header('access-control-allow-origin', '*').send(document);
  });

  app.get('/ob2/badges/:id', { schema: { tags, summary: 'OB 2.0 BadgeClass', params: IdParams, response: responses } }, async (request, reply) => {
    const document = await getOb2BadgeClass(deps, { id: request.params.id, links });
    return reply.type(LD_JSON).header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*').send(document);
  });

  app.get('/ob2/issuers/:id', { schema: { tags, summary: 'OB 2.0 Issuer profile', params: IdParams, response: responses } }, async (request, reply) => {
    const document = await getOb2Issuer(deps, { id: request.params.id, links });
    return reply.type(LD_JSON).header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*').send(document);
  });

  app.get('/ob2/badges/:id/image', { schema: { tags, summary: 'Badge artwork: the stored or inline artwork, else the generated default (never a redirect to another host)', params: IdParams } }, async (request, reply) => {
    const image = await getBadgeClassImage(deps, { id: request.params.id, baseUrl: links.base });
    if (image.kind === 'stored') return reply.header('cache-control', 'public, max-age=300').redirect(image.path, 302);
    reply.header('cache-control', 'public, max-age=3600').header('content-security-policy', ARTWORK_CSP).header('access-control-allow-origin', '*');
    if (image.kind === 'file') return reply.type(image.mediaType).send(Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength));
    return reply.type('image/svg+xml').send(defaultBadgeSvg(image.name, image.achievementKind));
  });
};
