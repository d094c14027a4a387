import { buildOpenBadgeCredential, buildStatusMessageEntry, type JsonObject } from '@laurel/core';
import type { Deps } from '../deps.js';
import type { Achievement } from '../achievements/ports.js';
import type { Issuer } from '../issuers/ports.js';
import { toCoreAchievement, toCoreAward, toCoreIssuer } from '../public/to-core-model.js';
import type { Credential } from './ports.js';
import { ob3Links, type SigningDeps } from './sign-credential.js';

/** The signed forms a holder-bound copy comes in: Data Integrity (eddsa-rdfc-2022) or VC-JWT. */
export type HolderBoundFormat = 'ob3' | 'vc-jwt';

export interface HolderBoundInput {
  issuer: Issuer;
  achievement: Achievement;
  credential: Credential;
  /** The holder's DID (did:key, did:jwk): written as `credentialSubject.id`. */
  holder: string;
  format: HolderBoundFormat;
}

/**
 * The award, signed again for the holder who proved a key: the same credential (`id`, achievement,
 * validity, evidence) and the same status entry, so revoking or suspending the award flips the bit this
 * copy points at too; only `credentialSubject.id` names the holder instead of the hashed e-mail.
 * A did:key issuer's status lists belong to a key generation, so the copy is signed by the generation
 * the award was issued with (its DID and its list match); a did:web issuer signs with its current keys.
 */
export async function signHolderBoundCredential(deps: SigningDeps & Pick<Deps, 'store'>, input: HolderBoundInput): Promise<JsonObject | string> {
  const { issuer, achievement, credential } = input;
  const original = issuer.identity === 'did:key' ? await deps.store.credentialDocuments.find(credential.id, 'ob3') : undefined;
  const identity = await deps.signingKeys.forIssuer(issuer, { ed25519KeyId: original?.keyId ?? undefined });
  const status =
    credential.statusIndex === null
      ? undefined
      : buildStatusMessageEntry({ statusListCredential: deps.urls.statusList(issuer.id, 'message', identity.statusListKey), index: credential.statusIndex });
  const unsigned = buildOpenBadgeCredential({
    issuer: toCoreIssuer(issuer),
    achievement: toCoreAchievement(achievement),
    award: toCoreAward(credential, 'active'),
    links: ob3Links(deps, credential, identity.issuerDid),
    status,
    subjectId: input.holder,
  }) as JsonObject;
  const context = { keys: identity.keys, documentLoader: deps.documentLoader, now: () => deps.clock.now() };
  const signed = await deps.proofs.sign(input.format === 'ob3' ? 'eddsa-rdfc-2022' : 'vc-jwt', unsigned, context);
  return signed.kind === 'embedded' ? signed.document : signed.jws;
}
