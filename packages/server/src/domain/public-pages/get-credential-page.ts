import { loadPublicCredential, withLiveEndorsements, type CredentialBundle, type Viewer } from './load-public-credential.js';
import { pageReason, pageStatus } from './page-status.js';
import { hasIssuerLogo } from './issuer-logo.js';
import type { PublicCredentialView } from './ports.js';
import { publicEndorsementsOf } from './public-endorsements.js';
import type { PublicPagesDeps } from './public-pages-deps.js';

/** What the public credential page and its embed widget show, with the live status at `now`. */
export async function getPublicCredentialView(deps: PublicPagesDeps, input: { id: string; viewer?: Viewer | undefined }): Promise<PublicCredentialView> {
  const bundle = await loadPublicCredential(deps, input);
  return toPublicView(deps, await withLiveEndorsements(deps, bundle));
}

export function toPublicView(deps: Pick<PublicPagesDeps, 'clock' | 'urls' | 'pageUrls'>, bundle: CredentialBundle & { viewToken?: string }): PublicCredentialView {
  const { credential: c, achievement: a, issuer: i } = bundle;
  const ob3 = deps.urls.ob3Credential(c.id);
  // A private credential seen through the e-mailed view link: its downloads need the same link.
  const withToken = (url: string) => (bundle.viewToken ? `${url}${url.includes('?') ? '&' : '?'}view=${encodeURIComponent(bundle.viewToken)}` : url);
  return {
    id: c.id,
    status: pageStatus(c, deps.clock.now()),
    revocationReason: pageReason(c),
    replacedBy: c.supersededBy ? deps.urls.publicCredentialPage(c.supersededBy) : null,
    recipientName: c.recipient.name,
    issuedOn: c.issuedOn,
    expiresAt: c.expiresAt,
    narrative: c.narrative,
    evidence: c.evidence,
    achievement: { id: a.id, name: a.name, description: a.description, kind: a.kind, criteria: a.criteria, tags: a.tags, details: a.details, alignments: a.alignments },
    results: c.results,
    creditsEarned: c.creditsEarned,
    issuer: { id: i.id, name: i.name, url: i.url, description: i.description, logoUrl: hasIssuerLogo(i) ? deps.urls.issuerLogo(i.id) : null },
    signedCredential: bundle.signedCredential,
    endorsements: {
      achievement: publicEndorsementsOf(bundle.liveEndorsements ?? [], deps.urls, 'achievement', a.id),
      issuer: publicEndorsementsOf(bundle.liveEndorsements ?? [], deps.urls, 'issuer', i.id),
    },
    privacyNoticeUrl: bundle.privacyNoticeUrl ?? null,
    urls: {
      page: deps.pageUrls.credentialPage(c.id),
      embed: deps.pageUrls.credentialEmbed(c.id),
      png: withToken(deps.pageUrls.badgeImage(c.id, 'png')),
      svg: withToken(deps.pageUrls.badgeImage(c.id, 'svg')),
      pdf: withToken(deps.pageUrls.certificatePdf(c.id)),
      issuerPage: deps.pageUrls.issuerPage(i.id),
      ob3,
      verify: deps.pageUrls.verifyPage(ob3),
    },
  };
}
