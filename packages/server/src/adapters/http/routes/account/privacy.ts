import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastifyRateLimit from '@fastify/rate-limit';
import { recordConsent, listConsents } from '../../../../domain/privacy/consents.js';
import { deleteMyAccount } from '../../../../domain/privacy/delete-my-account.js';
import { exportMyData } from '../../../../domain/privacy/export-my-data.js';
import { getPublicBadgeImage } from '../../../../domain/public-pages/get-badge-image.js';
import { zipStream } from '../../../zip/zip-stream.js';
import { requireUser, sessionOfRequest } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { rateLimitOptions } from '../../rate-limit.js';
import { DateTime, StringEnum, errorResponses } from '../../schemas/common.js';
import { mediaDeps } from '../credential-media/index.js';

const tags = ['account'];
const ConsentView = Type.Object({ document: StringEnum(['terms', 'privacy'] as const), version: Type.String(), acceptedAt: DateTime }, { $id: 'Consent' });

/** The signed-in person's privacy rights: download everything, delete the account, consent records. */
export const privacyRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (plugin, { deps }) => {
  await plugin.register(fastifyRateLimit, rateLimitOptions(deps));
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRequest', requireUser(deps));
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
  const media = mediaDeps(deps, {});

  app.get(
    '/me/export',
    {
      config: { rateLimit: { max: 5, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'Everything Laurel holds about you, as a zip (a factor proven recently): account.json and each credential in its signed forms',
        produces: ['application/zip'],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const session = sessionOfRequest(request);
      const bake = async (id: string) => (await getPublicBadgeImage(media, { id, version: 3, format: 'png', viewer: { userId: session.userId } })).bytes;
      const files = await exportMyData(deps, { userId: session.userId, factorAt: session.factorAt, bake });
      const stream = zipStream(files, (error) => request.log.error({ err: error }, 'data export failed part way'));
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="laurel-my-data-${deps.clock.now().toISOString().slice(0, 10)}.zip"`)
        .send(stream as unknown as Buffer);
    },
  );

  app.delete(
    '/me',
    {
      config: { rateLimit: { max: 5, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'Delete your account (a factor proven recently): your credentials stay verifiable, your name and address leave every issuer’s records, every session ends',
        response: { 200: Type.Object({ credentials: Type.Integer({ description: 'Credentials whose name and address were erased' }) }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const session = sessionOfRequest(request);
      const result = await deleteMyAccount(deps, { userId: session.userId, factorAt: session.factorAt, requestId: request.id });
      reply.clearCookie('laurel_session', { path: '/' });
      return result;
    },
  );

  app.get('/me/consents', { schema: { tags, summary: 'The terms and privacy notice versions you accepted, and when', response: { 200: Type.Object({ items: Type.Array(ConsentView) }), ...errorResponses } } }, async (request) => ({
    items: (await listConsents(deps, { userId: sessionOfRequest(request).userId })).map((c) => ({ document: c.document, version: c.version, acceptedAt: c.acceptedAt })),
  }));
  app.post(
    '/me/consents',
    {
      schema: {
        tags,
        summary: 'Record that you accepted a version of the terms or of the privacy notice',
        body: Type.Object({ document: StringEnum(['terms', 'privacy'] as const), version: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }) }, { additionalProperties: false }),
        response: { 201: ConsentView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const c = await recordConsent(deps, { userId: sessionOfRequest(request).userId, document: request.body.document, version: request.body.version });
      return reply.status(201).send({ document: c.document, version: c.version, acceptedAt: c.acceptedAt });
    },
  );
};
