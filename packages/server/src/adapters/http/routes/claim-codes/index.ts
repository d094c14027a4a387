import { Type } from 'typebox';
import QRCode from 'qrcode';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { claimWithCode, confirmClaim, findLiveCode } from '../../../../domain/claim-codes/claim-with-code.js';
import { createClaimCode, listClaimCodes, withdrawClaimCode } from '../../../../domain/claim-codes/manage-claim-codes.js';
import type { ClaimCode } from '../../../../domain/claim-codes/ports.js';
import { isAppError } from '../../../../domain/shared/errors.js';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { toProblem } from '../../errors.js';
import { IdParams, errorResponses } from '../../schemas/common.js';
import { rateLimitOptions } from '../../rate-limit.js';
import { PAGE_CSP, sendHtml } from '../public-pages/security-headers.js';
import { requestTranslator } from '../public-pages/index.js';
import { claimConfirmPage, claimFormPage, claimRefusedPage, claimResultPage } from './claim-page.js';
import { ClaimBody, ClaimCodeCreated, ClaimCodeView, ClaimCodesQuery, ClaimResult, CodeParams, CreateClaimCodeBody, TokenParams } from './claim-codes.schema.js';

const toView = (c: ClaimCode) => ({
  id: c.id, achievementId: c.achievementId, label: c.label, expiresAt: c.expiresAt, maxUses: c.maxUses, uses: c.uses, verifyEmail: c.verifyEmail, withdrawnAt: c.withdrawnAt, createdAt: c.createdAt,
});

/** A claim is rate-limited per client IP: a code is a bearer secret, and claims sign credentials. */
const CLAIM_LIMIT = { rateLimit: { max: 10, timeWindow: 60_000 } };

/** The issuer's side: make, list and withdraw claim codes (authenticated /api/v1). */
export const claimCodeRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  const tags = ['claim codes'];
  app.post('/achievements/:id/claim-codes', { schema: { tags, summary: 'Make a claim code (award by link); the code, its link and QR code are shown once', params: IdParams, body: CreateClaimCodeBody, response: { 201: ClaimCodeCreated, ...errorResponses } } }, async (request, reply) => {
    const { claimCode, code, url } = await createClaimCode(deps, { actor: actorOf(request), achievementId: request.params.id, ...request.body });
    const qrCode = await QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 4, width: 320 });
    return reply.status(201).send({ ...toView(claimCode), code, url, qrCode });
  });
  app.get('/claim-codes', { schema: { tags, summary: 'Claim codes (never the codes themselves)', querystring: ClaimCodesQuery, response: { 200: Type.Object({ items: Type.Array(ClaimCodeView) }), ...errorResponses } } }, async (request) => {
    return { items: (await listClaimCodes(deps, { actor: actorOf(request), achievementId: request.query.achievementId })).map(toView) };
  });
  app.post('/claim-codes/:id/withdraw', { schema: { tags, summary: 'Withdraw a claim code (awards made stay)', params: IdParams, response: { 200: ClaimCodeView, ...errorResponses } } }, async (request) => {
    return toView(await withdrawClaimCode(deps, { actor: actorOf(request), id: request.params.id }));
  });
};

/** The public side: the claim page (en/fr, a plain HTML form) and its JSON twin. */
export const claimCodePublicRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  await app.register(fastifyRateLimit, rateLimitOptions(deps));
  const tags = ['claim codes'];
  const csp = PAGE_CSP.replace("form-action 'none'", "form-action 'self'");
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 2048 }, (_request, body, done) => {
    const form = new URLSearchParams(String(body));
    done(null, { email: form.get('email') ?? '', ...(form.get('name') ? { name: form.get('name') } : {}) });
  });
  const refused = (request: FastifyRequest, reply: FastifyReply, error: unknown) => {
    if (!isAppError(error)) throw error;
    const problem = toProblem(error, request);
    return sendHtml(reply, claimRefusedPage(requestTranslator(request), problem.detail ?? problem.title), { status: problem.status, csp, locale: requestTranslator(request).locale, maxAge: 0, private: true });
  };
  const page = (request: FastifyRequest, reply: FastifyReply, body: string) => sendHtml(reply, body, { csp, locale: requestTranslator(request).locale, maxAge: 0, private: true });

  app.post('/api/v1/public/claim-codes/:code', { config: CLAIM_LIMIT, schema: { tags, summary: 'Claim with a code: awarded now, or a confirmation link is mailed', params: CodeParams, body: ClaimBody, response: { 200: ClaimResult, 202: ClaimResult, ...errorResponses } } }, async (request, reply) => {
    const result = await claimWithCode(deps, { code: request.params.code, ...request.body, locale: requestTranslator(request).locale });
    return reply.status(result.status === 'awarded' ? 200 : 202).send(result);
  });
  app.get('/claim-code/:code', { config: { rateLimit: { max: 60, timeWindow: 60_000 } }, schema: { tags, summary: 'The claim page', params: CodeParams } }, async (request, reply) => {
    const tr = requestTranslator(request);
    try {
      const code = await findLiveCode(deps, request.params.code);
      const achievement = await deps.store.achievements.findById(code.orgId, code.achievementId);
      const issuer = achievement && (await deps.store.issuers.findById(code.orgId, achievement.issuerId));
      return page(request, reply, claimFormPage(tr, { achievement: achievement?.name ?? '', issuer: issuer?.name ?? '', imageUrl: deps.urls.badgeImage(code.achievementId), action: `/claim-code/${encodeURIComponent(request.params.code)}` }));
    } catch (error) {
      return refused(request, reply, error);
    }
  });
  app.post('/claim-code/:code', { config: CLAIM_LIMIT, schema: { tags, summary: 'The claim form, posted', params: CodeParams, body: ClaimBody } }, async (request, reply) => {
    try {
      const result = await claimWithCode(deps, { code: request.params.code, ...request.body, locale: requestTranslator(request).locale });
      return page(request, reply, claimResultPage(requestTranslator(request), result));
    } catch (error) {
      return refused(request, reply, error);
    }
  });
  // A GET shows a button (mail scanners open links); the POST awards.
  app.get('/claim-code/confirm/:token', { schema: { tags, summary: 'The confirmation link of a claim', params: TokenParams } }, async (request, reply) => {
    return page(request, reply, claimConfirmPage(requestTranslator(request), `/claim-code/confirm/${encodeURIComponent(request.params.token)}`));
  });
  app.post('/claim-code/confirm/:token', { config: CLAIM_LIMIT, schema: { tags, summary: 'Confirm the address: the award is made', params: TokenParams } }, async (request, reply) => {
    try {
      return page(request, reply, claimResultPage(requestTranslator(request), await confirmClaim(deps, { token: request.params.token })));
    } catch (error) {
      return refused(request, reply, error);
    }
  });
};
