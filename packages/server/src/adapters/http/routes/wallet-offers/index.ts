import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import QRCode from 'qrcode';
import { Type } from 'typebox';
import { MAX_OFFER_CREDENTIALS, offerFromApi, offerFromBackpack, offerFromClaim, type WalletOfferView } from '../../../../domain/oid4vci/create-offer.js';
import { actorOf, requireUser, userIdOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { rateLimitOptions } from '../../rate-limit.js';
import { DateTime, Id, errorResponses } from '../../schemas/common.js';

const tags = ['wallets (OpenID4VCI)'];

const WalletOffer = Type.Object(
  {
    offerUri: Type.String({ description: 'openid-credential-offer://?credential_offer_uri=… (open on the phone, or show as a QR code)' }),
    credentialOfferUri: Type.String(),
    qrCode: Type.String({ description: 'The offer link as a QR code: a data:image/png URL' }),
    issuerId: Type.String(),
    credentialIds: Type.Array(Type.String()),
    expiresAt: DateTime,
    txCode: Type.Boolean({ description: 'The wallet will ask for a code, e-mailed now to the recipient' }),
  },
  { $id: 'WalletOffer' },
);
const TxCode = Type.Optional(Type.Boolean({ default: true, description: 'E-mail a transaction code the wallet asks for (default true)' }));
const Offers = Type.Object({ offers: Type.Array(WalletOffer) });

/** The offer link as a QR code for a screen: a 4-module quiet zone, error correction M. */
async function withQr(offer: WalletOfferView) {
  return { ...offer, qrCode: await QRCode.toDataURL(offer.offerUri, { errorCorrectionLevel: 'M', margin: 4, width: 320 }) };
}

/** Earners make offers: from their backpack (signed in), or from the claim page (the claim link proves the mailbox). */
export const walletOfferEarnerRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  await app.register(fastifyRateLimit, rateLimitOptions(deps));
  app.post(
    '/claims/:token/wallet-offer',
    {
      config: { rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: {
        tags,
        security: [],
        summary: 'Offer the credential of a claim link to a wallet (OpenID4VCI); the link stays usable',
        params: Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }) }),
        body: Type.Optional(Type.Object({ txCode: TxCode }, { additionalProperties: false })),
        response: { 201: WalletOffer, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await withQr(await offerFromClaim(deps, { token: request.params.token, txCode: request.body?.txCode ?? true }))),
  );

  await app.register(async (scope) => {
    const signedIn = scope.withTypeProvider<TypeBoxTypeProvider>();
    signedIn.addHook('onRequest', requireUser(deps));
    signedIn.post(
      '/me/wallet-offers',
      {
        config: { rateLimit: { max: 20, timeWindow: 60_000 } },
        schema: {
          tags,
          summary: 'Offer credentials of your backpack to your wallet: one offer per issuer, one credential per achievement',
          body: Type.Object({ credentialIds: Type.Array(Id, { minItems: 1, maxItems: MAX_OFFER_CREDENTIALS }), txCode: TxCode }, { additionalProperties: false }),
          response: { 201: Offers, ...errorResponses },
        },
      },
      async (request, reply) => {
        const offers = await offerFromBackpack(deps, { userId: userIdOf(request), credentialIds: request.body.credentialIds, txCode: request.body.txCode ?? true });
        return reply.status(201).send({ offers: await Promise.all(offers.map(withQr)) });
      },
    );
  });
};

/** Integrators make offers for their organisation's credentials (one recipient per offer). */
export const walletOfferApiRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.post(
    '/wallet-offers',
    {
      schema: {
        tags,
        summary: 'Offer credentials of one recipient to their wallet (OpenID4VCI pre-authorized code); needs credentials:issue',
        body: Type.Object({ credentialIds: Type.Array(Id, { minItems: 1, maxItems: MAX_OFFER_CREDENTIALS }), txCode: TxCode }, { additionalProperties: false }),
        response: { 201: Offers, ...errorResponses },
      },
    },
    async (request, reply) => {
      const offers = await offerFromApi(deps, { actor: actorOf(request), credentialIds: request.body.credentialIds, txCode: request.body.txCode ?? true });
      return reply.status(201).send({ offers: await Promise.all(offers.map(withQr)) });
    },
  );
};
