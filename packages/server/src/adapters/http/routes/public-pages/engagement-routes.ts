import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { loadPublicCredential } from '../../../../domain/public-pages/load-public-credential.js';
import { toPublicView } from '../../../../domain/public-pages/get-credential-page.js';
import { linkedInAddToProfileUrl, shareLinks } from '../../../../domain/public-pages/share-links.js';
import { isShareable } from '../../../../domain/public-pages/page-status.js';
import { notFound } from '../../../../domain/shared/errors.js';
import { VIEW_TOKEN_MAX_LENGTH, viewTokenOpens } from '../../../../domain/public-pages/view-token.js';
import type { HttpDeps } from '../../http-deps.js';
import { recordEngagement } from '../../engagement.js';
import { Problem } from '../../schemas/common.js';
import { pageDeps, PAGE_ID, requestTranslator } from './index.js';

/** Share buttons that leave for another site: counted here, then redirected to that site's share dialog. */
export const REDIRECT_NETWORKS = ['linkedin', 'x', 'facebook', 'email', 'linkedin-profile'] as const;
/** Shares that happen on the page itself (the copy buttons): the page tells us with a beacon. */
export const BEACON_NETWORKS = ['copy-link', 'embed'] as const;

const tags = ['public pages'];

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * The award e-mail's open pixel (off when the organisation turns it off) and the tracked share links of
 * the public credential page. The redirect goes only to the network's own share
 * dialog for this credential's page (built here, never taken from the request: no open redirect).
 */
export const engagementRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  const pages = pageDeps(deps);
  const shareable = async (id: string) => {
    const bundle = await loadPublicCredential(pages, { id });
    const view = toPublicView(pages, bundle);
    if (!isShareable(view.status)) throw notFound('credential');
    return { credential: bundle.credential, view };
  };

  app.get(
    `/credentials/:id${PAGE_ID}/opened.gif`,
    {
      schema: {
        tags,
        summary: "The award e-mail's open pixel: counts an open when `t` is the e-mail's view token of this credential; always the same transparent GIF",
        params: Type.Object({ id: Type.String({ minLength: 16, maxLength: 100 }) }),
        querystring: Type.Object({ t: Type.Optional(Type.String({ maxLength: VIEW_TOKEN_MAX_LENGTH })) }),
        produces: ['image/gif'],
        response: { 200: Type.Unknown() },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      // Only the e-mail's own token counts (sealed by this server for this credential): no one can add opens by guessing.
      if (viewTokenOpens(pages, id, request.query.t)) {
        recordEngagement(deps, request, { credential: async () => (await deps.store.credentials.findPublic(id)) ?? undefined, metric: 'opened', browser: true });
      }
      return reply.type('image/gif').header('cache-control', 'no-store, max-age=0').header('referrer-policy', 'no-referrer').send(PIXEL);
    },
  );

  app.get(
    `/credentials/:id${PAGE_ID}/share/:network`,
    {
      schema: {
        tags,
        summary: "Share a public credential: counts the share, then redirects to the network's share dialog (LinkedIn, X, Facebook, e-mail) or LinkedIn's add-to-profile form",
        params: Type.Object({ id: Type.String({ minLength: 16, maxLength: 100 }), network: Type.Union(REDIRECT_NETWORKS.map((n) => Type.Literal(n))) }),
        response: { 302: Type.Null(), 404: Problem },
      },
    },
    async (request, reply) => {
      const { credential, view: v } = await shareable(request.params.id);
      const network = request.params.network;
      const tr = requestTranslator(request);
      const params = { achievement: v.achievement.name, issuer: v.issuer.name, url: v.urls.page };
      const links = shareLinks({ url: v.urls.page, text: tr.t('share.text', params), emailSubject: tr.t('share.emailSubject', params), emailBody: tr.t('share.emailBody', params) });
      const target =
        network === 'linkedin-profile'
          ? linkedInAddToProfileUrl({ name: v.achievement.name, organizationName: v.issuer.name, issuedOn: v.issuedOn, expiresAt: v.expiresAt, certUrl: v.urls.page, certId: v.id })
          : { linkedin: links.linkedIn, x: links.x, facebook: links.facebook, email: links.email }[network];
      recordEngagement(deps, request, network === 'linkedin-profile' ? { credential, metric: 'linkedin-added', browser: true } : { credential, metric: 'shared', dim: network, browser: true });
      return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').redirect(target, 302);
    },
  );

  app.post(
    `/credentials/:id${PAGE_ID}/share/:network`,
    {
      schema: {
        tags,
        summary: "The page's beacon: its link or embed code was copied (counted as a share; no body, no cookie)",
        params: Type.Object({ id: Type.String({ minLength: 16, maxLength: 100 }), network: Type.Union(BEACON_NETWORKS.map((n) => Type.Literal(n))) }),
        response: { 204: Type.Null(), 404: Problem },
      },
    },
    async (request, reply) => {
      const { credential } = await shareable(request.params.id);
      recordEngagement(deps, request, { credential, metric: 'shared', dim: request.params.network, browser: true });
      return reply.status(204).send(null);
    },
  );
};
