import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BADGE_ICON_NAMES } from '../../../../domain/images/badge/icons.js';
import { BADGE_SHAPES } from '../../../../domain/images/badge/shapes.js';
import { deleteImage } from '../../../../domain/images/delete-image.js';
import { generateImage, previewBadge } from '../../../../domain/images/generate-image.js';
import { getImage, getPublicImageFile } from '../../../../domain/images/get-image.js';
import { DEFAULT_IMAGE_LIMITS, type ImageLimits, type ImageProcessor } from '../../../../domain/images/ports.js';
import type { ImagesDeps } from '../../../../domain/images/images-deps.js';
import { uploadImage } from '../../../../domain/images/upload-image.js';
import { actorOf, requireAuth } from '../../auth.js';
import { clientSignal } from '../../client-gone.js';
import type { HttpDeps } from '../../http-deps.js';
import { IdParams, Problem, errorResponses } from '../../schemas/common.js';
import { DesignOptions, GenerateBody, ImageFileParams, ImageView, PreviewQuery, imageView } from './images.schema.js';
import { IMAGE_TYPES, uploadedBytes } from './upload-body.js';

export interface ImageAdapters {
  imaging?: ImageProcessor | undefined;
  limits?: Partial<ImageLimits> | undefined;
}

const tags = ['images'];
/** An SVG opened directly cannot run script, fetch anything or be framed into a page's origin. */
const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
const IMMUTABLE = 'public, max-age=31536000, immutable';

const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * Achievement artwork. Public: `GET /images/:id.png|svg`. Under /api/v1 (authenticated): upload
 * (multipart `file` or a raw image body), the badge generator with its live preview, metadata, and
 * deleting an image nothing uses.
 */
export const imageRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps; adapters?: ImageAdapters }> = async (app, { deps, adapters = {} }) => {
  const images: ImagesDeps = { ...deps, imaging: adapters.imaging ?? deps.imaging, limits: { ...DEFAULT_IMAGE_LIMITS, ...adapters.limits } };
  const base = deps.links.base;

  app.get(
    '/images/:file',
    { schema: { tags, summary: 'A stored image: `<id>.png` for every image, `<id>.svg` for SVG ones', security: [], params: ImageFileParams, produces: ['image/png', 'image/svg+xml'], response: { 200: Type.Unsafe({ type: 'string', format: 'binary' }), 404: Problem } } },
    async (request, reply) => {
      const [id, format] = request.params.file.split('.') as [string, 'png' | 'svg'];
      const file = await getPublicImageFile(images, { id, format });
      reply.type(file.mediaType).header('cache-control', IMMUTABLE).header('access-control-allow-origin', '*').header('x-content-type-options', 'nosniff');
      if (file.mediaType === 'image/svg+xml') reply.header('content-security-policy', SVG_CSP);
      return reply.send(toBuffer(file.bytes));
    },
  );

  await app.register(
    async (scope) => {
      const api = scope.withTypeProvider<TypeBoxTypeProvider>();
      api.addHook('onRequest', requireAuth(deps));
      const maxBytes = images.limits.maxBytes;
      await api.register(fastifyMultipart, { limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 1 } });
      api.addContentTypeParser(IMAGE_TYPES, { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => done(null, body));

      api.post(
        '/images',
        {
          // Raw bodies; a multipart file is held to the same size by the multipart limits.
          bodyLimit: maxBytes,
          schema: {
            tags,
            summary: 'Upload achievement artwork: PNG, JPEG, WebP or SVG, as multipart `file` or the raw body',
            description: `At most ${maxBytes} bytes and ${images.limits.maxDimension} pixels a side. Raster images are stored as a square PNG (at most ${images.limits.outputMaxSide} pixels, metadata stripped); SVG is sanitised (scripts, event handlers, foreignObject, external references removed; DOCTYPE/entities refused) and kept as SVG. Put the returned \`url\` in an achievement's \`image\`.`,
            consumes: ['multipart/form-data', ...IMAGE_TYPES],
            response: { 201: ImageView, ...errorResponses },
          },
        },
        async (request, reply) => {
          const { image, removed } = await uploadImage(images, { actor: actorOf(request), bytes: await uploadedBytes(request, maxBytes), signal: clientSignal(reply) });
          const view = imageView(base, image, removed);
          return reply.status(201).header('location', view.url).send(view);
        },
      );

      api.post(
        '/images/generate',
        { schema: { tags, summary: 'Generate a badge image from a design (shape, colours, icon, title)', body: GenerateBody, response: { 200: Type.Object({ svg: Type.String() }), 201: ImageView, ...errorResponses } } },
        async (request, reply) => {
          const { dryRun, ...design } = request.body;
          const input = { actor: actorOf(request), design, signal: clientSignal(reply) };
          if (dryRun) return reply.send({ svg: await previewBadge(images, input) });
          const view = imageView(base, await generateImage(images, input));
          return reply.status(201).header('location', view.url).send(view);
        },
      );

      api.get(
        '/images/preview',
        { schema: { tags, summary: 'The SVG a design would generate, for live preview (nothing is stored)', querystring: PreviewQuery, produces: ['image/svg+xml'], response: { 200: Type.String(), ...errorResponses } } },
        async (request, reply) => {
          // The generator's live preview asks again as the design changes: a dropped request's drawing is withdrawn.
          const svg = await previewBadge(images, { actor: actorOf(request), design: request.query, signal: clientSignal(reply) });
          return reply.type('image/svg+xml').header('cache-control', 'private, max-age=60').header('content-security-policy', SVG_CSP).send(svg);
        },
      );

      api.get('/images/options', { schema: { tags, summary: 'Shapes and icons the badge generator offers', response: { 200: DesignOptions, ...errorResponses } } }, async () => ({
        shapes: [...BADGE_SHAPES],
        icons: [...BADGE_ICON_NAMES],
      }));

      api.get('/images/:id', { schema: { tags, summary: "One of the organisation's images", params: IdParams, response: { 200: ImageView, ...errorResponses } } }, async (request) =>
        imageView(base, await getImage(images, { actor: actorOf(request), id: request.params.id })),
      );

      api.delete(
        '/images/:id',
        {
          schema: {
            tags,
            summary: "Delete one of the organisation's images",
            description: 'Refused with 409 (naming them) while an achievement or an issuer uses the image, or once an issued credential links to it in its signed document: its public URL must keep answering for them.',
            params: IdParams,
            response: { 204: Type.Null(), ...errorResponses },
          },
        },
        async (request, reply) => {
          await deleteImage(images, { actor: actorOf(request), id: request.params.id });
          return reply.status(204).send(null);
        },
      );
    },
    { prefix: '/api/v1' },
  );
};
