import { loadPublicCredential, type CredentialBundle, type Viewer } from './load-public-credential.js';
import { pageReason, pageStatus } from './page-status.js';
import type { PublicCredentialView, PublicPagesDeps } from './ports.js';

/** What the public credential page and its embed widget show, with the live status at `now`. */
export async function getPublicCredentialView(deps: PublicPagesDeps, input: { id: string; viewer?: Viewer | undefined }): Promise<PublicCredentialView> {
  const bundle = await loadPublicCredential(deps, input);
  return toPublicView(deps, bundle);
}

export function toPublicView(deps: Pick<PublicPagesDeps, 'clock' | 'urls' | 'pageUrls'>, bundle: CredentialBundle): PublicCredentialView {
  const { credential: c, achievement: a, issuer: i } = bundle;
  const ob3 = deps.urls.ob3Credential(c.id);
  return {
    id: c.id,
    status: pageStatus(c, deps.clock.now()),
    revocationReason: pageReason(c),
    recipientName: c.recipient.name,
    issuedOn: c.issuedOn,
    expiresAt: c.expiresAt,
    narrative: c.narrative,
    evidence: c.evidence,
    achievement: { id: a.id, name: a.name, description: a.description, kind: a.kind, criteria: a.criteria, tags: a.tags },
    issuer: { id: i.id, name: i.name, url: i.url, description: i.description },
    signedCredential: bundle.signedCredential,
    urls: {
      page: deps.pageUrls.credentialPage(c.id),
      embed: deps.pageUrls.credentialEmbed(c.id),
      png: deps.pageUrls.badgeImage(c.id, 'png'),
      svg: deps.pageUrls.badgeImage(c.id, 'svg'),
      pdf: deps.pageUrls.certificatePdf(c.id),
      issuerPage: deps.pageUrls.issuerPage(i.id),
      ob3,
      verify: deps.pageUrls.verifyPage(ob3),
    },
  };
}
