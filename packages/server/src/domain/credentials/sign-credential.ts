import { buildOb2Assertion, buildStatusMessageEntry, buildOpenBadgeCredential, type JsonObject } from '@laurel/core';
import type { Deps } from '../deps.js';
import type { Achievement } from '../achievements/ports.js';
import type { Issuer } from '../issuers/ports.js';
import { toCoreAchievement, toCoreAward, toCoreIssuer } from '../public/to-core-model.js';
import type { Credential, CredentialDocument, CredentialSigner, SignInput } from './ports.js';

export type SigningDeps = Pick<Deps, 'signingKeys' | 'documentLoader' | 'urls' | 'clock' | 'proofs'>;

/** OB 3.0 links of a credential; the issuer is the DID it is signed as (did:web, or did:key of the signing key). */
export function ob3Links(deps: Pick<Deps, 'urls'>, credential: Pick<Credential, 'id' | 'achievementId' | 'issuerId'>, issuerDid: string) {
  return {
    credential: deps.urls.ob3Credential(credential.id),
    issuer: issuerDid,
    achievement: deps.urls.ob3Achievement(credential.achievementId),
    achievementImage: deps.urls.badgeImage(credential.achievementId),
  };
}

/** OB 2.0 links of the documents a signed assertion names. */
export function ob2Links(deps: Pick<Deps, 'urls'>) {
  return { issuer: deps.urls.ob2Issuer, badge: deps.urls.ob2Badge, assertion: deps.urls.ob2Assertion, badgeImage: deps.urls.badgeImage };
}

/**
 * The OB 2.0 assertion a signed JWS carries, from the credential's stored award (its fields never change
 * after issue: only its status, visibility and holder do, and those are not in it), `creator` being the
 * URL of the RSA key's CryptographicKey.
 */
export function ob2SignedAssertion(deps: Pick<Deps, 'urls'>, credential: Credential, creator: string): JsonObject {
  return buildOb2Assertion(toCoreAward(credential, 'active'), ob2Links(deps), { type: 'signed', creator }) as JsonObject;
}

/**
 * The signed form of a new credential made at issue: the OB 3.0 credential with an eddsa-rdfc-2022
 * Data Integrity proof. Its other forms (the VC-JWT and the OB 2.0 signed assertion) are made from the
 * stored credential the first time they are asked for (signed-forms.ts), so an issue signs once.
 * Throws if a term is not defined by the contexts.
 */
export async function signCredentialDocuments(
  deps: SigningDeps,
  input: SignInput,
): Promise<CredentialDocument[]> {
  const { issuer, achievement, credential } = input;
  const identity = await deps.signingKeys.forIssuer(issuer);
  const award = { ...toCoreAward(credential, 'active'), replaces: input.replaces && { id: deps.urls.ob3Credential(input.replaces.credentialId), digestSRI: input.replaces.digestSRI } };
  const status =
    credential.statusIndex === null
      ? undefined
      : // One entry for revocation and suspension (OB 3.0 allows one credentialStatus): see core's status-message.ts.
        buildStatusMessageEntry({ statusListCredential: deps.urls.statusList(issuer.id, 'message', identity.statusListKey), index: credential.statusIndex });
  const unsigned = buildOpenBadgeCredential({
    issuer: toCoreIssuer(issuer),
    achievement: { ...toCoreAchievement(achievement), endorsements: input.endorsements },
    award,
    // A certification tells wallets where its current version is (after a renewal, the newer one).
    links: { ...ob3Links(deps, credential, identity.issuerDid), refresh: achievement.kind === 'certification' ? deps.urls.credentialRefresh(credential.id) : undefined },
    status,
  }) as JsonObject;
  const context = { keys: identity.keys, documentLoader: deps.documentLoader, now: () => deps.clock.now() };
  const dataIntegrity = await deps.proofs.sign('eddsa-rdfc-2022', unsigned, context);
  if (dataIntegrity.kind !== 'embedded') throw new Error('eddsa-rdfc-2022 gives an embedded proof');
  const createdAt = deps.clock.now().toISOString();
  return [{ credentialId: credential.id, format: 'ob3', body: JSON.stringify(dataIntegrity.document), keyId: identity.ed25519KeyId, createdAt }];
}

/** The in-process CredentialSigner. */
export function inProcessSigner(deps: SigningDeps): CredentialSigner {
  return { sign: (input) => signCredentialDocuments(deps, input) };
}
