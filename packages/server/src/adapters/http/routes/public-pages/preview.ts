import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { previewCredentialView } from '../../../../domain/public-pages/preview-credential-page.js';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { IdParams, errorResponses } from '../../schemas/common.js';
import { credentialPage } from './credential-page.js';
import { requestTranslator } from './index.js';
import { PAGE_CSP, sendHtml } from './security-headers.js';

/** `GET /api/v1/achievements/:id/preview`: the public credential page as an award would show it. */
export const previewRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.get(
    '/achievements/:id/preview',
    {
      schema: {
        tags: ['achievements'],
        summary: 'Preview the public credential page of an award of this achievement (HTML, sample recipient)',
        params: IdParams,
        querystring: Type.Object({ recipientName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }, { additionalProperties: false }),
        produces: ['text/html'],
        response: { 200: Type.String({ description: 'text/html' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const tr = requestTranslator(request);
      const view = await previewCredentialView(deps, { actor: actorOf(request), achievementId: request.params.id, recipientName: request.query.recipientName ?? tr.t('preview.sampleRecipient') });
      reply.header('x-robots-tag', 'noindex');
      return sendHtml(reply, credentialPage(tr, view), { csp: PAGE_CSP, locale: tr.locale, maxAge: 0, private: true });
    },
  );
};
