import type { Deps } from '../deps.js';
import type { CredentialRef } from './ports.js';

/** What a verification report says about the credential it read (the verify API's and the VC-API's alike). */
export interface VerifiedInput {
  valid: boolean;
  credential?: { id?: unknown } | undefined;
}

/**
 * The credential of this Laurel that a third party just verified, when the report is valid and its id is
 * one of our credential URLs (OB 3.0 or OB 2.0). A valid signature is required: a document that merely
 * names one of our credentials counts nothing.
 */
export async function verifiedCredential(deps: Pick<Deps, 'store' | 'urls'>, report: VerifiedInput): Promise<CredentialRef | undefined> {
  const id = report.credential?.id;
  if (!report.valid || typeof id !== 'string') return undefined;
  const prefix = [deps.urls.ob3Credential(''), deps.urls.ob2Assertion('')].find((p) => id.startsWith(p));
  if (!prefix) return undefined;
  const credentialId = id.slice(prefix.length);
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(credentialId)) return undefined;
  return (await deps.store.credentials.findPublic(credentialId)) ?? undefined;
}
