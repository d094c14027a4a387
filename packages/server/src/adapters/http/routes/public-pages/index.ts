import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { getPublicCredentialView } from '../../../../domain/public-pages/get-credential-page.js';
import { viewCredentialPage } from '../../../../domain/public-pages/view-credential-page.js';
import { VIEW_TOKEN_MAX_LENGTH } from '../../../../domain/public-pages/view-token.js';
import { getPublicIssuerView } from '../../../../domain/public-pages/get-issuer-page.js';
import type { PublicPagesDeps } from '../../../../domain/public-pages/public-pages-deps.js';
import { isAppError } from '../../../../domain/shared/errors.js';
import { negotiateLocale, translator, type Translator } from '../../../html/i18n/index.js';
import type { HttpDeps } from '../../http-deps.js';
import { viewerOf } from '../../auth.js';
import { credentialPage } from './credential-page.js';
import { embedPage } from './embed-page.js';
import { issuerPage } from './issuer-page.js';
import { profilePage } from './profile-page.js';
import { getPublicProfile } from '../../../../domain/earners/profile.js';
import { notFoundPage } from './layout.js';
import { publicPageUrls } from './page-links.js';
import { EMBED_CSP, PAGE_CSP, sendHtml } from './security-headers.js';
import type { CredentialRef } from '../../../../domain/analytics/ports.js';
import { recordEngagement } from '../../engagement.js';

/**
 * Ids in public page paths look like ids (16+ URL-safe characters), so the web console's own
 * client-side paths such as `/issuers/new` are never taken for an id and still reach the app shell.
 */
export const PAGE_ID = '([A-Za-z0-9_-]{16,100})';
const params = Type.Object({ id: Type.String({ minLength: 16, maxLength: 100 }) });
const tags = ['public pages'];
/** `view`: the token of an award e-mail's "view it online" link, which shows a private credential to its recipient. */
const pageQuery = Type.Object({ view: Type.Optional(Type.String({ minLength: 1, maxLength: VIEW_TOKEN_MAX_LENGTH })) });
const html = { 200: Type.String({ description: 'text/html' }), 404: Type.String({ description: 'text/html' }) };

export function pageDeps(deps: HttpDeps): PublicPagesDeps {
  return { store: deps.store, clock: deps.clock, urls: deps.urls, vault: deps.vault, pageUrls: publicPageUrls(deps.links.base) };
}

export function requestTranslator(request: FastifyRequest): Translator {
  return translator(negotiateLocale(request.headers['accept-language']));
}

const isNotFound = (error: unknown): boolean => isAppError(error) && error.code === 'not-found';

/** Server-rendered public pages: a credential, its embeddable widget, and an issuer's profile. */
export const publicPageRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  const pages = pageDeps(deps);

  const render = async (reply: FastifyReply, tr: Translator, what: 'credential' | 'issuer' | 'profile', produce: () => Promise<string>, options: { csp: string; maxAge: number; frameable?: boolean; private?: boolean }) => {
    try {
      return sendHtml(reply, await produce(), { ...options, locale: tr.locale });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      return sendHtml(reply, notFoundPage(tr, what), { status: 404, csp: PAGE_CSP, locale: tr.locale, maxAge: 0 });
    }
  };

  app.get(`/credentials/:id${PAGE_ID}`, { schema: { tags, summary: 'Public credential page (HTML)', params, querystring: pageQuery, produces: ['text/html'], response: html } }, async (request, reply) => {
    const tr = requestTranslator(request);
    const viewToken = request.query.view;
    const viewer = { ...(await viewerOf(deps, request)), viewToken };
    // A signed-in visitor may be the owner of a private credential, or hold its view link: never cache what they see.
    const personal = Boolean(viewer.userId || viewToken);
    // A GET is a view (HEAD is not); shared caches may answer repeats for up to a minute, uncounted.
    const counted = (credential: CredentialRef) => recordEngagement(deps, request, { credential, metric: 'viewed', browser: true });
    const show = request.method === 'GET' ? viewCredentialPage : getPublicCredentialView;
    return render(reply, tr, 'credential', async () => credentialPage(tr, await show(pages, { id: request.params.id, viewer, counted })), { csp: PAGE_CSP, maxAge: personal ? 0 : 60, private: personal });
  });

  app.get(`/credentials/:id${PAGE_ID}/embed`, { schema: { tags, summary: 'Embeddable badge widget with live status (HTML, for an iframe)', params, produces: ['text/html'], response: html } }, async (request, reply) => {
    const tr = requestTranslator(request);
    return render(reply, tr, 'credential', async () => embedPage(tr, await getPublicCredentialView(pages, { id: request.params.id })), { csp: EMBED_CSP, maxAge: 60, frameable: true });
  });

  app.get(`/issuers/:id${PAGE_ID}`, { schema: { tags, summary: 'Public issuer page (HTML)', params, produces: ['text/html'], response: html } }, async (request, reply) => {
    const tr = requestTranslator(request);
    const id = request.params.id;
    return render(reply, tr, 'issuer', async () => issuerPage(tr, await getPublicIssuerView(pages, { id }), pages.pageUrls.issuerPage(id)), { csp: PAGE_CSP, maxAge: 300 });
  });

  app.get('/u/:handle', { schema: { tags, summary: "An earner's opt-in public profile (HTML)", params: Type.Object({ handle: Type.String({ minLength: 3, maxLength: 40 }) }), produces: ['text/html'], response: html } }, async (request, reply) => {
    const tr = requestTranslator(request);
    const { handle } = request.params;
    return render(reply, tr, 'profile', async () => profilePage(tr, await getPublicProfile(deps, { handle }), `${deps.links.base}/u/${encodeURIComponent(handle)}`), { csp: PAGE_CSP, maxAge: 60 });
  });
};
