import { designFor, lookOf } from '../certificates/certificate-look.js';
import { effectiveStatus } from '../credentials/effective-status.js';
import { artworkOf, artworkPng } from './badge-artwork.js';
import { loadPublicCredential, type Viewer } from './load-public-credential.js';
import type { CertificateFacts, PageSize } from './ports.js';
import type { CertificateDeps } from './public-pages-deps.js';

/** A printable PDF certificate of a public credential, with the signed credential attached. */
export async function getCertificatePdf(
  deps: CertificateDeps,
  input: { id: string; size: PageSize | undefined; readerSize: PageSize; locale: string; viewer?: Viewer | undefined },
): Promise<{ bytes: Uint8Array; filename: string }> {
  const { credential: c, achievement: a, issuer: i, signedCredential } = await loadPublicCredential(deps, input);
  const now = deps.clock.now();
  // The organisation's template for this achievement (else its kind's, else its default).
  const look = await lookOf(deps, a.orgId, await designFor(deps, a.orgId, a));
  // Paper: what the link asks for, else what the template fixes, else the reader's usual paper.
  const size = input.size ?? (look.pageSize === 'auto' ? input.readerSize : look.pageSize);
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
    status: effectiveStatus(c, now),
    verificationUrl: deps.pageUrls.verifyPage(deps.urls.ob3Credential(c.id)),
    pageUrl: deps.pageUrls.credentialPage(c.id),
    signedCredential,
    badgePng: await artworkPng(await artworkOf(deps, a), deps.artwork),
    look,
  };
  const bytes = await deps.certificates.render(facts, { size, locale: input.locale, createdAt: now });
  return { bytes, filename: `certificate-${c.id}.pdf` };
}
