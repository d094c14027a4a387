import { requirePermission } from '../auth/permissions.js';
import { effectiveStatus } from '../credentials/effective-status.js';
import type { Actor } from '../shared/actor.js';
import { notFound } from '../shared/errors.js';
import { pageStatus } from './page-status.js';
import { issuerLogoPng } from './issuer-logo.js';
import { artworkOf, artworkPng } from './badge-artwork.js';
import { loadCredentialBundle, loadPublicCredential, type CredentialBundle, type Viewer } from './load-public-credential.js';
import type { CertificateFacts, PageSize } from './ports.js';
import type { CertificateDeps } from './public-pages-deps.js';

export interface CertificatePdf {
  bytes: Uint8Array;
  filename: string;
}

/** A printable PDF certificate of a public credential, with the signed credential attached. */
export async function getCertificatePdf(deps: CertificateDeps, input: { id: string; size: PageSize; locale: string; viewer?: Viewer | undefined }): Promise<CertificatePdf> {
  return renderCertificate(deps, await loadPublicCredential(deps, input), input);
}

/** The same certificate of one of the organisation's credentials, whatever its visibility (the console's download). */
export async function getCredentialCertificatePdf(deps: CertificateDeps, input: { actor: Actor; id: string; size: PageSize; locale: string }): Promise<CertificatePdf> {
  const credential = await deps.store.credentials.findById(input.actor.principal.orgId, input.id);
  if (!credential) throw notFound('credential');
  requirePermission(input.actor.principal, 'credentials:read');
  return renderCertificate(deps, await loadCredentialBundle(deps, credential), input);
}

export async function renderCertificate(deps: CertificateDeps, bundle: CredentialBundle, options: { size: PageSize; locale: string }): Promise<CertificatePdf> {
  const { credential: c, achievement: a, issuer: i, signedCredential } = bundle;
  const now = deps.clock.now();
  const facts: CertificateFacts = {
    credentialId: c.id,
    kind: a.kind,
    recipientName: c.recipient.name,
    achievementName: a.name,
    achievementDescription: a.description,
    issuerName: i.name,
    issuerUrl: i.url,
    issuedOn: c.issuedOn,
    expiresAt: c.expiresAt,
    status: pageStatus(c, now),
    verificationUrl: deps.pageUrls.verifyPage(deps.urls.ob3Credential(c.id)),
    pageUrl: deps.pageUrls.credentialPage(c.id),
    signedCredential,
    badgePng: await artworkPng(await artworkOf(deps, a), deps.artwork),
    issuerLogoPng: await issuerLogoPng(deps, i),
  };
  const bytes = await deps.certificates.render(facts, { size: options.size, locale: options.locale, createdAt: now });
  return { bytes, filename: `certificate-${c.id}.pdf` };
}
