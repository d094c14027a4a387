import type { CredentialRef } from '../analytics/ports.js';
import { verifyHolderProof } from '@laurel/core';
import type { Deps } from '../deps.js';
import { signHolderBoundCredential } from '../credentials/sign-holder-bound.js';
import { deliverable, walletDeliveryEntry } from '../credentials/wallet-delivery.js';
import type { SigningDeps } from '../credentials/sign-credential.js';
import { sha256Hex } from '../shared/hash.js';
import { parseConfigurationId, WALLET_FORMATS } from './configurations.js';
import { OAuthError } from '../oauth/oauth-error.js';
import type { WalletGrant } from './ports.js';
import { BATCH_SIZE, CLOCK_SKEW_SECONDS, PROOF_MAX_AGE_SECONDS } from './secrets.js';

/** A Credential Request (OpenID4VCI 1.0 §8.2), as parsed JSON: every member is checked here. */
export type CredentialRequest = Record<string, unknown>;

type DeliverDeps = SigningDeps & Pick<Deps, 'store' | 'ids'>;

const bad = (why: string) => new OAuthError('invalid_credential_request', why);

/**
 * The `jwt` key proofs of the request: `proofs: { jwt: [one or more] }` (1.0; several: batch issuance, one
 * credential per proof), or the earlier `proof: { proof_type: 'jwt', jwt }`.
 */
function proofJwts(request: CredentialRequest): unknown[] {
  const { proof, proofs } = request;
  if (proof !== undefined && proofs !== undefined) throw bad('send proofs or proof, not both');
  if (proofs !== undefined) {
    if (typeof proofs !== 'object' || proofs === null || Array.isArray(proofs)) throw bad('proofs must be an object');
    const types = Object.keys(proofs);
    if (types.length !== 1 || types[0] !== 'jwt') throw new OAuthError('invalid_proof', 'only the jwt proof type is supported');
    const list = (proofs as Record<string, unknown>).jwt;
    if (!Array.isArray(list) || list.length < 1 || list.length > BATCH_SIZE) throw new OAuthError('invalid_proof', `send from 1 to ${BATCH_SIZE} jwt proofs (batch_size)`);
    return list;
  }
  if (proof !== undefined) {
    if (typeof proof !== 'object' || proof === null || (proof as Record<string, unknown>).proof_type !== 'jwt') throw new OAuthError('invalid_proof', 'only the jwt proof type is supported');
    return [(proof as Record<string, unknown>).jwt];
  }
  throw new OAuthError('invalid_proof', 'a key proof is required: the credential is bound to your key');
}

/**
 * The configuration asked for: `credential_configuration_id`, or (authorization code flow, where the token
 * response named identifiers: Laurel's are the configurations themselves) `credential_identifier`.
 */
function requestedConfiguration(token: WalletGrant, request: CredentialRequest): string {
  const { credential_identifier: identifier, credential_configuration_id: configurationId } = request;
  if (identifier !== undefined) {
    if (!token.configurationIds) throw new OAuthError('unknown_credential_identifier', 'no credential identifiers were issued: name a credential_configuration_id');
    if (configurationId !== undefined) throw bad('send credential_identifier or credential_configuration_id, not both');
    if (typeof identifier !== 'string' || !token.configurationIds.has(identifier)) throw new OAuthError('unknown_credential_identifier', 'this credential identifier was not issued with this access token');
    return identifier;
  }
  if (typeof configurationId !== 'string') throw bad('credential_configuration_id is required');
  return configurationId;
}

/**
 * The credential endpoint (OpenID4VCI 1.0 §8): for one configuration of the token's offer, verify the
 * wallet's key proof (signature by the key it names, `aud` = this Credential Issuer, a fresh `iat`, a
 * c_nonce this issuer made and nobody used), then sign the award again for that holder (did:key, or the
 * did:jwk of a `jwk`) in the configuration's format. A revoked or suspended award is refused.
 */
export async function deliverCredential(
  deps: DeliverDeps,
  input: { token: WalletGrant; request: CredentialRequest; /** Told of the delivered credential (analytics: accepted into a wallet). */ delivered?: ((credential: CredentialRef) => void) | undefined },
): Promise<{ credentials: { credential: unknown }[] }> {
  const { token, request } = input;
  if (request.credential_response_encryption !== undefined) throw new OAuthError('invalid_encryption_parameters', 'credential response encryption is not supported');
  const configurationId = requestedConfiguration(token, request);
  const configuration = parseConfigurationId(configurationId);
  if (!configuration) throw new OAuthError('unknown_credential_configuration', `${configurationId} is not a configuration of this credential issuer`);
  if (token.configurationIds && !token.configurationIds.has(configurationId)) throw new OAuthError('unknown_credential_configuration', `${configurationId} is not one this access token was granted for`);
  const credentials = await Promise.all(token.credentialIds.map((id) => deps.store.credentials.findById(token.orgId, id)));
  const credential = credentials.find((c) => c?.achievementId === configuration.achievementId && c.issuerId === token.issuerId);
  if (!credential) {
    if (token.source.kind === 'oauth') throw new OAuthError('credential_request_denied', `you hold no ${configurationId} credential from this issuer`);
    throw new OAuthError('unknown_credential_configuration', `${configurationId} was not offered with this access token`);
  }

  const now = deps.clock.now();
  const audience = deps.urls.walletIssuer(token.issuerId);
  const holders: string[] = [];
  let nonce: string | undefined;
  for (const jwt of proofJwts(request)) {
    const proof = await verifyHolderProof(jwt, { audience, now, maxAgeSeconds: PROOF_MAX_AGE_SECONDS, clockSkewSeconds: CLOCK_SKEW_SECONDS });
    if (!proof.ok) throw new OAuthError('invalid_proof', proof.detail);
    if (!proof.nonce) throw new OAuthError('invalid_nonce', 'the proof must carry a c_nonce from the nonce endpoint');
    // A batch answers one c_nonce: every proof carries it, and each is by a key of its own (one credential per key).
    if (nonce !== undefined && proof.nonce !== nonce) throw new OAuthError('invalid_nonce', 'every proof of a batch must carry the same c_nonce');
    if (holders.includes(proof.holder)) throw new OAuthError('invalid_proof', 'each proof of a batch must be by a different key');
    nonce = proof.nonce;
    holders.push(proof.holder);
  }
  if (!(await deps.store.walletOffers.consumeNonce(sha256Hex(nonce!), token.issuerId, now.toISOString()))) {
    throw new OAuthError('invalid_nonce', 'the c_nonce is unknown, used, expired or from another credential issuer: get a new one');
  }

  const parts = await deliverable(deps, token.orgId, credential, now);
  if ('refused' in parts) throw new OAuthError('credential_request_denied', parts.refused);
  const { issuer, achievement } = parts;
  const delivered: { credential: unknown }[] = [];
  for (const holder of holders) {
    delivered.push({ credential: await signHolderBoundCredential(deps, { issuer, achievement, credential, holder, format: WALLET_FORMATS[configuration.format] }) });
  }
  const source = token.source.kind === 'offer' ? { offerId: token.source.offerId } : { clientId: token.source.clientId, userId: token.source.userId };
  const details = { format: configuration.format, holder: holders[0]!, ...(holders.length > 1 ? { holders } : {}), ...source };
  await deps.store.audit.record(walletDeliveryEntry(deps.ids.id(), token.orgId, credential.id, details, now.toISOString()));
  input.delivered?.(credential);
  return { credentials: delivered };
}
