import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import QRCode from 'qrcode';
import { Type } from 'typebox';
import { exchangeFromBackpack, exchangeFromClaim, type WalletExchangeView } from '../../../../domain/wallet-exchanges/create-exchange.js';
import { participateInExchange } from '../../../../domain/wallet-exchanges/participate.js';
import { requireUser, userIdOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { rateLimitOptions } from '../../rate-limit.js';
import { DateTime, Id, errorResponses } from '../../schemas/common.js';

const tags = ['wallets (VC-API exchanges, Learner Credential Wallet)'];
const BODY_LIMIT = 64 * 1024;

const WalletExchange = Type.Object({
  exchangeUrl: Type.String({ description: 'VC-API exchange: POST {} for the DIDAuth request, then { verifiablePresentation }' }),
  deepLink: Type.String({ description: 'dccrequest://request?… opens the Learner Credential Wallet' }),
  webLink: Type.String({ description: 'The same request as an https link (for a QR code)' }),
  qrCode: Type.String({ description: 'The web link as a QR code: a data:image/png URL' }),
  challenge: Type.String(),
  credentialId: Type.String(),
  expiresAt: DateTime,
}, { $id: 'WalletExchange' });

/** The web link as a QR code for a screen: a long link, so error correction L keeps the modules large enough for a phone camera. */
async function withQr(view: WalletExchangeView) {
  return { ...view, qrCode: await QRCode.toDataURL(view.webLink, { errorCorrectionLevel: 'L', margin: 4, width: 320 }) };
}

/** Earners start an exchange: from the claim page (the claim link proves the mailbox) or their backpack. */
export const walletExchangeEarnerRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  await app.register(fastifyRateLimit, rateLimitOptions(deps));
  app.post(
    '/claims/:token/wallet-exchange',
    {
      config: { rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: {
        tags,
        security: [],
        summary: 'A Learner Credential Wallet request (VC-API exchange, DIDAuth) for the credential of a claim link; the link stays usable',
        params: Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }) }),
        response: { 201: WalletExchange, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await withQr(await exchangeFromClaim(deps, { token: request.params.token }))),
  );
  await app.register(async (scope) => {
    const signedIn = scope.withTypeProvider<TypeBoxTypeProvider>();
    signedIn.addHook('onRequest', requireUser(deps));
    signedIn.post(
      '/me/wallet-exchanges',
      {
        config: { rateLimit: { max: 20, timeWindow: 60_000 } },
        schema: {
          tags,
          summary: 'Send a credential of your backpack to the Learner Credential Wallet (VC-API exchange, DIDAuth)',
          body: Type.Object({ credentialId: Id }, { additionalProperties: false }),
          response: { 201: WalletExchange, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await withQr(await exchangeFromBackpack(deps, { userId: userIdOf(request), credentialId: request.body.credentialId }))),
    );
  });
};

/**
 * The VC-API exchange endpoint wallets call (the `vc_request_url` of the Learner Credential Wallet's
 * request): public, single use, expiring; the token in the URL is the only handle.
 */
export const walletExchangeRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  await app.register(fastifyRateLimit, rateLimitOptions(deps));
  app.post(
    '/exchanges/:token',
    {
      bodyLimit: BODY_LIMIT,
      config: { rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        tags,
        security: [],
        summary: 'VC-API exchange: {} answers a DIDAuthentication presentation request; a DIDAuth presentation answers the credential bound to its holder',
        params: Type.Object({ token: Type.String({ minLength: 10, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' }) }),
        body: Type.Optional(Type.Object({}, { additionalProperties: true })),
        response: { 200: Type.Object({}, { additionalProperties: true }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const answer = await participateInExchange(deps, { token: request.params.token, body: request.body ?? {} });
      return reply.header('cache-control', 'no-store').send(answer.body);
    },
  );
};
