import type { Achievement } from '../achievements/ports.js';
import type { Credential } from '../credentials/ports.js';
import type { Endorsement } from '../endorsements/ports.js';
import type { Issuer } from '../issuers/ports.js';
import type { Deps } from '../deps.js';
import { notFound } from '../shared/errors.js';
import { inlineStoredArtwork } from '../images/inline-stored-artwork.js';
import { asSigned } from './as-signed.js';
import { viewTokenOpens } from './view-token.js';

export interface CredentialBundle {
  credential: Credential;
  achievement: Achievement;
  issuer: Issuer;
  /** The signed OB 3.0 credential JSON, as stored at issue. */
  signedCredential: string;
  /** The issuing organisation's privacy notice (its setting), linked from the public pages. */
  privacyNoticeUrl?: string | null | undefined;
  /** The issuing organisation's live endorsements (of any of its achievements and issuers). */
  liveEndorsements?: Endorsement[] | undefined;
}

/** A credential with what it was awarded for and by whom, once it is known to be viewable. */
export async function loadCredentialBundle(deps: Pick<Deps, 'store'>, credential: Credential): Promise<CredentialBundle> {
  const [achievement, issuer, doc, organisation] = await Promise.all([
    deps.store.achievements.findPublic(credential.achievementId),
    deps.store.issuers.findPublic(credential.issuerId),
    deps.store.credentialDocuments.find(credential.id, 'ob3'),
    deps.store.organisations.findById(credential.orgId),
  ]);
  if (!achievement || !issuer || !doc) throw notFound('credential');
  // What is shown is what was signed (names, description, criteria), whatever the rows say today.
  const signed = asSigned(doc.body, achievement, issuer);
  // Artwork stored in Laurel (an uploaded or generated image) is baked in as it is.
  return { credential, achievement: await inlineStoredArtwork(deps.store, signed.achievement), issuer: signed.issuer, signedCredential: doc.body, privacyNoticeUrl: organisation?.settings.privacyNoticeUrl ?? null };
}

/** The bundle with its organisation's live endorsements, for the public page (certificates and images do without). */
export async function withLiveEndorsements<B extends CredentialBundle>(deps: Pick<Deps, 'store'>, bundle: B): Promise<B> {
  return { ...bundle, liveEndorsements: await deps.store.endorsements.listLiveForSubjectOrg(bundle.credential.orgId) };
}

/** Who is looking: a signed-in person may see their own private credentials; so may whoever holds the e-mailed view link. */
export interface Viewer {
  userId?: string | undefined;
  /** The token of the award e-mail's "view it online" link (see view-token.ts). */
  viewToken?: string | undefined;
}

/**
 * A credential by its unguessable id: public ones for anyone; private ones only for their earner
 * (claimed by them, or sent to one of their verified addresses, or holding the view link of the
 * award e-mail), and 404 for everyone else.
 */
export async function loadPublicCredential(
  deps: Pick<Deps, 'store' | 'vault' | 'clock'>,
  input: { id: string; viewer?: Viewer | undefined },
): Promise<CredentialBundle & { ownerView: boolean; viewToken?: string }> {
  const credential = await deps.store.credentials.findPublic(input.id);
  if (!credential) throw notFound('credential');
  if (credential.visibility !== 'public') {
    if (await isOwner(deps, credential, input.viewer?.userId)) return { ...(await loadCredentialBundle(deps, credential)), ownerView: true };
    const token = input.viewer?.viewToken;
    if (!viewTokenOpens(deps, credential.id, token)) throw notFound('credential');
    // Reached through the e-mailed view link: its downloads carry the same token.
    return { ...(await loadCredentialBundle(deps, credential)), ownerView: true, viewToken: token! };
  }
  return { ...(await loadCredentialBundle(deps, credential)), ownerView: false };
}

/** Is the viewer the credential's earner (claimed it, or holds its recipient address verified and nobody claimed it)? */
export async function isOwner(deps: Pick<Deps, 'store'>, credential: Credential, userId: string | undefined): Promise<boolean> {
  if (!userId) return false;
  if (credential.earnerUserId) return credential.earnerUserId === userId;
  const addresses = await deps.store.addresses.listForUser(userId);
  return addresses.some((a) => a.verifiedAt && a.type === credential.recipient.type && a.value === credential.recipient.identity);
}
