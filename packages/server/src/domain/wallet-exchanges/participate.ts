import { verifyPresentation, type JsonObject } from '@laurel/core';
import type { Deps } from '../deps.js';
import { signHolderBoundCredential } from '../credentials/sign-holder-bound.js';
import { deliverable, walletDeliveryEntry } from '../credentials/wallet-delivery.js';
import type { SigningDeps } from '../credentials/sign-credential.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import { exchangeChallengeOf, exchangeDomainOf } from './create-exchange.js';
import type { WalletExchange } from './ports.js';

type ParticipateDeps = SigningDeps & Pick<Deps, 'store' | 'ids'>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** The holder DIDs Laurel binds credentials to (what the holder-bound copy supports). */
const HOLDER_DID = /^did:(key|jwk):[A-Za-z0-9._:%-]{10,2000}$/;

/** The VC-API exchange's answer: a presentation request (step one) or the credential in a presentation (step two). */
export type ExchangeAnswer = { kind: 'request'; body: { verifiablePresentationRequest: Record<string, unknown> } } | { kind: 'credential'; body: Record<string, unknown> };

async function live(deps: Pick<Deps, 'store' | 'clock'>, token: string): Promise<WalletExchange> {
  const exchange = await deps.store.walletExchanges.findByToken(sha256Hex(token));
  if (!exchange) throw new AppError('not-found', 'this exchange is unknown');
  if (exchange.completedAt) throw new AppError('invalid-state', 'this exchange was completed already: ask for a new one');
  if (Date.parse(exchange.expiresAt) <= deps.clock.now().getTime()) throw new AppError('invalid-state', 'this exchange has expired: ask for a new one');
  return exchange;
}

/**
 * The presentation the wallet sent: VC-API's `{ verifiablePresentation }`, or (the Learner Credential
 * Wallet's direct request) the presentation itself as the body. Undefined: none, the wallet starts.
 */
function presentationOf(body: unknown): { vp: JsonObject; wrapped: boolean } | undefined {
  if (!isObject(body) || Object.keys(body).length === 0) return undefined;
  if (body.verifiablePresentation !== undefined) {
    if (!isObject(body.verifiablePresentation)) throw new AppError('validation', 'verifiablePresentation must be a presentation object (a DIDAuth presentation with a Data Integrity proof)');
    return { vp: body.verifiablePresentation as JsonObject, wrapped: true };
  }
  if (asArray(body.type).includes('VerifiablePresentation')) return { vp: body as JsonObject, wrapped: false };
  throw new AppError('validation', 'send {} to start, then { verifiablePresentation } (a DIDAuth presentation)');
}

/**
 * One step of a VC-API exchange (the Learner Credential Wallet's flow): with no presentation, the
 * presentation request (DIDAuthentication, this exchange's challenge, Laurel's domain, where to send
 * it); with a DIDAuth presentation, verify it (signed by a key its holder DID lists for authentication,
 * over this exchange's challenge, and Laurel's domain if it names one), then sign the award again for
 * that DID and complete the exchange, once.
 */
export async function participateInExchange(deps: ParticipateDeps, input: { token: string; body: unknown }): Promise<ExchangeAnswer> {
  const exchange = await live(deps, input.token);
  const challenge = exchangeChallengeOf(input.token);
  const domain = exchangeDomainOf(deps);
  const presented = presentationOf(input.body);
  if (!presented) {
    return {
      kind: 'request',
      body: {
        verifiablePresentationRequest: {
          query: [{ type: 'DIDAuthentication', acceptedMethods: [{ method: 'key' }, { method: 'jwk' }], acceptedCryptosuites: [{ cryptosuite: 'eddsa-rdfc-2022' }, { cryptosuite: 'Ed25519Signature2020' }] }],
          challenge,
          domain,
          interact: { service: [{ type: 'UnmediatedPresentationService2021', serviceEndpoint: deps.urls.walletExchange(input.token) }] },
        },
      },
    };
  }

  const report = await verifyPresentation(presented.vp, {
    documentLoader: deps.documentLoader,
    fetchJson: async () => {
      throw new Error('a DIDAuth presentation carries no credential to fetch anything for');
    },
    now: () => deps.clock.now(),
    expectedTypes: [],
    challenge,
  });
  const failed = report.checks.find((c) => !c.ok);
  if (!report.valid || !report.holder) throw new AppError('unauthenticated', `the DIDAuth presentation does not verify: ${failed?.reason ?? 'it is not signed by a key of its holder'}`);
  const proofs = asArray(presented.vp.proof).filter(isObject);
  if (proofs.some((p) => p.domain !== undefined && !asArray(p.domain).includes(domain))) throw new AppError('unauthenticated', `the DIDAuth presentation names another domain than ${domain}`);
  if (asArray(presented.vp.verifiableCredential).length > 0) throw new AppError('validation', 'a DIDAuth presentation carries no credentials');
  const holder = report.holder;
  if (!HOLDER_DID.test(holder)) throw new AppError('validation', 'the holder must be a did:key or did:jwk');

  const now = deps.clock.now();
  const credential = await deps.store.credentials.findById(exchange.orgId, exchange.credentialId);
  if (!credential) throw new AppError('not-found', 'the credential is gone');
  const parts = await deliverable(deps, exchange.orgId, credential, now);
  if ('refused' in parts) throw new AppError('invalid-state', parts.refused);
  const { issuer, achievement } = parts;
  const signed = await signHolderBoundCredential(deps, { issuer, achievement, credential, holder, format: 'ob3' });
  const at = now.toISOString();
  await deps.store.transaction(async (tx) => {
    // Two presentations racing for one exchange: one completes it, the other is a replay.
    if (!(await tx.walletExchanges.complete(exchange.id, holder, at))) throw new AppError('invalid-state', 'this exchange was completed already: ask for a new one');
    await tx.audit.record(walletDeliveryEntry(deps.ids.id(), exchange.orgId, credential.id, { format: 'ldp_vc', holder, exchangeId: exchange.id, protocol: 'vc-api' }, at));
  });
  const vp = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [signed] };
  // VC-API answers `{ verifiablePresentation }`; the Learner Credential Wallet's direct request takes the presentation itself.
  return { kind: 'credential', body: presented.wrapped ? { verifiablePresentation: vp } : vp };
}
