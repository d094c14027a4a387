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
import { EMBED_CSP, PAGE_CSP, sendCachedHtml, sendHtml } from './security-headers.js';
import { strongEtag } from '../../conditional-get.js';
import type { PublicCredentialView } from '../../../../domain/public-pages/ports.js';
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

/** Only a request with a cookie can be someone signed in (the session lookup is skipped for everyone else). */
const hasCookie = (request: FastifyRequest): boolean => Boolean(request.headers.cookie);

const refOf = (c: CredentialRef): CredentialRef => ({ id: c.id, orgId: c.orgId, issuerId: c.issuerId, achievementId: c.achievementId, status: c.status });

const isNotFound = (error: unknown): boolean => isAppError(error) && error.code === 'not-found';

/** Server-rendered public pages: a credential, its embeddable widget, and an issuer's profile. */
export const publicPageRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  const pages = pageDeps(deps);

  /**
   * Keeps an anonymous page until its credential changes (or the cache's time to live ends), and no
   * later than the moment its status changes by itself: its expiry, or its issue date while pending.
   */
  const keepPage = (key: string, body: string, epoch: number, view: PublicCredentialView, meta?: Record<string, unknown>) => {
    const now = deps.clock.now().getTime();
    const moments = [view.expiresAt, view.issuedOn].map((d) => (d ? Date.parse(d) : NaN)).filter((t) => t > now);
    const until = moments.length ? Math.min(...moments) : undefined;
    deps.publicCache.set('page', key, { body, etag: strongEtag(body), meta }, { epoch, tags: [`credential:${view.id}`], until });
  };

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
    const counting = request.method === 'GET';
    // A signed-in visitor may be the owner of a private credential, or hold its view link: never cache what they see.
    const viewer = { ...(hasCookie(request) ? await viewerOf(deps, request) : {}), viewToken };
    const personal = Boolean(viewer.userId || viewToken);
    const key = `credential:${request.params.id}:${tr.locale}`;
    // A GET is a view (HEAD is not), counted after the answer whether it came from the cache or not;
    // shared caches may answer repeats for up to a minute, uncounted.
    const count = (credential: CredentialRef) => recordEngagement(deps, request, { credential, metric: 'viewed', browser: true });
    if (!personal) {
      const hit = deps.publicCache.get('page', key);
      if (hit) {
        if (counting) count(hit.meta!.credential as CredentialRef);
        return sendCachedHtml(reply, hit, { csp: PAGE_CSP, locale: tr.locale, maxAge: 60 });
      }
    }
    const epoch = deps.publicCache.epoch;
    let shown: CredentialRef | undefined;
    const counted = (credential: CredentialRef) => {
      shown = refOf(credential);
      if (counting) count(credential);
    };
    return render(reply, tr, 'credential', async () => {
      const view = await viewCredentialPage(pages, { id: request.params.id, viewer, counted });
      const body = credentialPage(tr, view);
      if (!personal && shown) keepPage(key, body, epoch, view, { credential: shown });
      return body;
    }, { csp: PAGE_CSP, maxAge: personal ? 0 : 60, private: personal });
  });

  app.get(`/credentials/:id${PAGE_ID}/embed`, { schema: { tags, summary: 'Embeddable badge widget with live status (HTML, for an iframe)', params, produces: ['text/html'], response: html } }, async (request, reply) => {
    const tr = requestTranslator(request);
    const key = `embed:${request.params.id}:${tr.locale}`;
    const hit = deps.publicCache.get('page', key);
    if (hit) return sendCachedHtml(reply, hit, { csp: EMBED_CSP, locale: tr.locale, maxAge: 60, frameable: true });
    const epoch = deps.publicCache.epoch;
    return render(reply, tr, 'credential', async () => {
      const view = await getPublicCredentialView(pages, { id: request.params.id });
      const body = embedPage(tr, view);
      keepPage(key, body, epoch, view);
      return body;
    }, { csp: EMBED_CSP, maxAge: 60, frameable: true });
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
