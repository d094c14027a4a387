import { localised, resultLines } from './award-facts.js';
import { requirePermission } from '../auth/permissions.js';
import { designFor, lookOf } from '../certificates/certificate-look.js';
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

/** Paper: what the link asks for (`size`), else what the template fixes, else the reader's usual paper. */
export interface CertificateOptions {
  size: PageSize | undefined;
  readerSize?: PageSize | undefined;
  locale: string;
}

/** A printable PDF certificate of a public credential, with the signed credential attached. */
export async function getCertificatePdf(deps: CertificateDeps, input: CertificateOptions & { id: string; viewer?: Viewer | undefined }): Promise<CertificatePdf> {
  return renderCertificate(deps, await loadPublicCredential(deps, input), input);
}

/** The same certificate of one of the organisation's credentials, whatever its visibility (the console's download). */
export async function getCredentialCertificatePdf(deps: CertificateDeps, input: CertificateOptions & { actor: Actor; id: string }): Promise<CertificatePdf> {
  const credential = await deps.store.credentials.findById(input.actor.principal.orgId, input.id);
  if (!credential) throw notFound('credential');
  requirePermission(input.actor.principal, 'credentials:read');
  return renderCertificate(deps, await loadCredentialBundle(deps, credential), input);
}

export async function renderCertificate(deps: CertificateDeps, bundle: CredentialBundle, options: CertificateOptions): Promise<CertificatePdf> {
  const { credential: c, achievement: a, issuer: i, signedCredential } = bundle;
  const now = deps.clock.now();
  // The organisation's template for this achievement (else its kind's, else its default).
  const look = await lookOf(deps, a.orgId, await designFor(deps, a.orgId, a));
  const size = options.size ?? (look.pageSize === 'auto' ? (options.readerSize ?? 'a4') : look.pageSize);
  const facts: CertificateFacts = {
    credentialId: c.id,
    kind: a.kind,
    recipientName: c.recipient.name,
    achievementName: localised(a, options.locale).name,
    achievementDescription: localised(a, options.locale).description,
    results: resultLines(a.details, c.results).map((l) => ({ name: l.name, achieved: l.achieved || (l.status ?? '') })),
    credits: c.creditsEarned ?? a.details.creditsAvailable,
    creditUnit: a.details.creditUnit,
    hours: a.details.hours,
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
    look,
  };
  const bytes = await deps.certificates.render(facts, { size, locale: options.locale, createdAt: now });
  return { bytes, filename: `certificate-${c.id}.pdf` };
}
