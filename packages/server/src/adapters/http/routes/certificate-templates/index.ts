import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { deleteCertificateTemplate, listCertificateTemplates, saveCertificateTemplate } from '../../../../domain/certificates/manage-templates.js';
import type { CertificateTemplate } from '../../../../domain/certificates/ports.js';
import { previewCertificate } from '../../../../domain/certificates/preview-certificate.js';
import { resvgArtwork } from '../../../images/resvg-artwork.js';
import { negotiateLocale } from '../../../html/i18n/index.js';
import { pdfCertificateRenderer } from '../../../pdf/certificate-pdf.js';
import { actorOf } from '../../auth.js';
import { clientSignal } from '../../client-gone.js';
import type { HttpDeps } from '../../http-deps.js';
import { errorResponses } from '../../schemas/common.js';
import { defaultPageSize } from '../credential-media/index.js';
import { Design, PreviewBody, TargetParams, TemplateView } from './certificate-templates.schema.js';

const tags = ['certificate templates'];
const toView = (t: CertificateTemplate) => ({ id: t.id, target: t.target, design: t.design, createdAt: t.createdAt, updatedAt: t.updatedAt });

/** Certificate templates and branding (per organisation, kind or achievement) and the editor's live preview. */
export const certificateTemplateRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  const previewDeps = { ...deps, artwork: resvgArtwork({ isolation: deps.untrusted.images }), certificates: pdfCertificateRenderer() };
  app.get('/certificate-templates', { schema: { tags, summary: "The organisation's certificate templates", response: { 200: Type.Object({ items: Type.Array(TemplateView) }), ...errorResponses } } }, async (request) => {
    return { items: (await listCertificateTemplates(deps, { actor: actorOf(request) })).map(toView) };
  });
  app.put('/certificate-templates/:target', { schema: { tags, summary: 'Create or replace the template of a target', params: TargetParams, body: Design, response: { 200: TemplateView, ...errorResponses } } }, async (request) => {
    return toView(await saveCertificateTemplate(deps, { actor: actorOf(request), target: request.params.target, design: request.body }));
  });
  app.delete('/certificate-templates/:target', { schema: { tags, summary: 'Delete the template of a target (the next one down applies)', params: TargetParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await deleteCertificateTemplate(deps, { actor: actorOf(request), target: request.params.target });
    return reply.status(204).send(null);
  });
  app.post(
    '/certificate-templates/preview',
    { schema: { tags, summary: 'A specimen certificate in a design (nothing stored): the live preview of the template editor', body: PreviewBody, produces: ['application/pdf'], response: { 200: Type.Unknown(), ...errorResponses } } },
    async (request, reply) => {
      const { body } = request;
      const locale = negotiateLocale(body.locale ?? request.headers['accept-language']);
      const size = body.size ?? (body.design.pageSize === 'auto' ? defaultPageSize(body.locale ?? request.headers['accept-language']) : body.design.pageSize);
      // The editor asks again as the design changes and drops the older request: its drawing is withdrawn.
      const pdf = await previewCertificate(previewDeps, { actor: actorOf(request), ...body, locale, size, signal: clientSignal(reply) });
      return reply.type('application/pdf').header('cache-control', 'no-store').header('content-disposition', 'inline; filename="certificate-preview.pdf"').send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
    },
  );
};
