import type { Deps } from '../deps.js';
import type { VerifyAnyReport } from '../verification/ports.js';

export interface SupersededNotice {
  /** The OB 3.0 URL of the credential that replaced it. */
  by: string;
  /** Its public page. */
  page: string;
}

/**
 * A verified credential of this server's that a renewal replaced: the signature stays valid (superseded is
 * not revoked), and the verifier says which credential is current. Only when the report bound the credential
 * to the same issuer as the one stored here, so a forged copy naming our URL learns nothing.
 */
export async function supersededNotice(deps: Pick<Deps, 'store' | 'urls'>, report: VerifyAnyReport): Promise<SupersededNotice | undefined> {
  const id = report.credential?.id;
  if (typeof id !== 'string' || !report.issuer) return undefined;
  const prefixes = [deps.urls.ob3Credential(''), deps.urls.ob2Assertion('')];
  const prefix = prefixes.find((p) => id.startsWith(p));
  if (!prefix) return undefined;
  const credentialId = id.slice(prefix.length);
  if (!/^[A-Za-z0-9-]{1,100}$/.test(credentialId)) return undefined;
  const credential = await deps.store.credentials.findPublic(credentialId);
  if (!credential?.supersededBy) return undefined;
  const stored = await deps.store.credentialDocuments.find(credential.id, 'ob3');
  const storedIssuer = stored ? (JSON.parse(stored.body) as { issuer?: { id?: string } }).issuer?.id : undefined;
  const boundTo = [storedIssuer, deps.urls.ob2Issuer(credential.issuerId)];
  if (!boundTo.includes(report.issuer.id)) return undefined;
  return { by: deps.urls.ob3Credential(credential.supersededBy), page: deps.urls.publicCredentialPage(credential.supersededBy) };
}
