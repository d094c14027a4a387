import { pageStatus } from './page-status.js';
import { issuerLogoPng } from './issuer-logo.js';
import { artworkOf, artworkPng } from './badge-artwork.js';
import { loadPublicCredential, type Viewer } from './load-public-credential.js';
import type { CertificateFacts, PageSize } from './ports.js';
import type { CertificateDeps } from './public-pages-deps.js';

/** A printable PDF certificate of a public credential, with the signed credential attached. */
export async function getCertificatePdf(deps: CertificateDeps, input: { id: string; size: PageSize; locale: string; viewer?: Viewer | undefined }): Promise<{ bytes: Uint8Array; filename: string }> {
  const { credential: c, achievement: a, issuer: i, signedCredential } = await loadPublicCredential(deps, input);
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
  const bytes = await deps.certificates.render(facts, { size: input.size, locale: input.locale, createdAt: now });
  return { bytes, filename: `certificate-${c.id}.pdf` };
}
