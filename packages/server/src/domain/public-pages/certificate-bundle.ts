import { requirePermission } from '../auth/permissions.js';
import { BULK_CERTIFICATE_LIMIT, refuseUnknown, selectCredentials, type BulkSelection } from '../credentials/bulk-selection.js';
import type { Credential } from '../credentials/ports.js';
import type { Actor } from '../shared/actor.js';
import { foldForSearch } from '../shared/search-text.js';
import { renderCertificate } from './get-certificate.js';
import { loadCredentialBundle } from './load-public-credential.js';
import type { PageSize } from './ports.js';
import type { CertificateDeps } from './public-pages-deps.js';

export interface CertificateFile {
  /** A flat, ASCII file name: never a path (recipient names are the awarder's input, not to be trusted). */
  name: string;
  bytes: Uint8Array;
}

export interface CertificateBundle {
  count: number;
  /** Drawn one at a time as they are read, so an archive can stream them. */
  files: AsyncIterable<CertificateFile>;
}

/** `ada-lovelace-<id>.pdf`: the recipient's name folded to ASCII letters and digits, then the credential id. */
export function certificateFileName(c: Pick<Credential, 'id' | 'recipient'>): string {
  const slug = foldForSearch(c.recipient.name ?? '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  const id = c.id.replace(/[^A-Za-z0-9_-]/g, '');
  return `${slug ? `${slug}-` : 'certificate-'}${id}.pdf`;
}

/**
 * The PDF certificates of the selected credentials (at most BULK_CERTIFICATE_LIMIT, all the organisation's:
 * otherwise refused before anything is drawn).
 */
export async function certificateBundle(deps: CertificateDeps, input: { actor: Actor; selection: BulkSelection; size: PageSize; locale: string }): Promise<CertificateBundle> {
  const { principal } = input.actor;
  requirePermission(principal, 'credentials:read');
  const credentials = refuseUnknown(await selectCredentials(deps, principal.orgId, input.selection, BULK_CERTIFICATE_LIMIT));
  async function* files(): AsyncIterable<CertificateFile> {
    for (const credential of credentials) {
      const pdf = await renderCertificate(deps, await loadCredentialBundle(deps, credential), input);
      yield { name: certificateFileName(credential), bytes: pdf.bytes };
    }
  }
  return { count: credentials.length, files: files() };
}
