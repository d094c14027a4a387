import type { Achievement } from '../achievements/ports.js';
import type { Credential } from '../credentials/ports.js';
import type { Issuer } from '../issuers/ports.js';
import type { Deps } from '../deps.js';
import { notFound } from '../shared/errors.js';

export interface CredentialBundle {
  credential: Credential;
  achievement: Achievement;
  issuer: Issuer;
  /** The signed OB 3.0 credential JSON, as stored at issue. */
  signedCredential: string;
}

/** A credential with what it was awarded for and by whom, once it is known to be viewable. */
export async function loadCredentialBundle(deps: Pick<Deps, 'store'>, credential: Credential): Promise<CredentialBundle> {
  const [achievement, issuer, doc] = await Promise.all([
    deps.store.achievements.findPublic(credential.achievementId),
    deps.store.issuers.findPublic(credential.issuerId),
    deps.store.credentialDocuments.find(credential.id, 'ob3'),
  ]);
  if (!achievement || !issuer || !doc) throw notFound('credential');
  return { credential, achievement, issuer, signedCredential: doc.body };
}

/**
 * A credential anyone may see, by its unguessable id. Private credentials are not found: their
 * earner's own view comes with earner accounts.
 */
export async function loadPublicCredential(deps: Pick<Deps, 'store'>, input: { id: string }): Promise<CredentialBundle> {
  const credential = await deps.store.credentials.findPublic(input.id);
  if (!credential || credential.visibility !== 'public') throw notFound('credential');
  return loadCredentialBundle(deps, credential);
}
