import type { AchievementDetails, AchievementKind, Alignment, AwardResult, CredentialStatus, CreditUnit, Criteria, Evidence } from '@laurel/core';
import type { CertificateLook } from '../certificates/ports.js';
import type { PageStatus } from './page-status.js';
import type { WorkOptions } from '../images/processor.js';

/** Absolute URLs of the human-facing public pages and downloads. */
export interface PublicPageUrls {
  credentialPage(id: string): string;
  credentialEmbed(id: string): string;
  badgeImage(id: string, format: BadgeImageFormat): string;
  certificatePdf(id: string): string;
  issuerPage(id: string): string;
  /** The public verification page for a credential URL. */
  verifyPage(credentialUrl: string): string;
}

export type BadgeImageFormat = 'png' | 'svg';
export type BadgeVersion = 2 | 3;

/** Badge artwork: the generated default, and SVG rasterised to PNG (off the event loop, bounded in time and memory). */
export interface BadgeArtwork {
  defaultSvg(name: string, kind: AchievementKind): string;
  /**
   * Render an SVG to a PNG whose longer side is `width` pixels. The SVG must already be free of
   * external references. Throws AppError `image-too-complex` when drawing it would cost too much.
   * `signal`: whoever asked has gone away; the drawing is withdrawn (and fails) if not yet done.
   */
  svgToPng(svg: string, width: number, options?: WorkOptions): Promise<Uint8Array>;
}

/** Everything a printed certificate shows, in facts: the renderer words and lays it out. */
export interface CertificateFacts {
  credentialId: string;
  kind: AchievementKind;
  recipientName: string | null;
  achievementName: string;
  achievementDescription: string;
  /** The award's results (assessment name and what was achieved), printed under the achievement. */
  results?: Array<{ name: string; achieved: string }> | undefined;
  /** Credits earned (else available), printed with the results, in `creditUnit` when the achievement names one. */
  credits?: number | undefined;
  creditUnit?: CreditUnit | undefined;
  /** The achievement's learning hours. */
  hours?: number | undefined;
  issuerName: string;
  issuerUrl: string;
  issuedOn: string;
  expiresAt: string | null;
  /** `pending`: the issue date (validFrom) is still ahead, so it is not valid yet. */
  status: PageStatus;
  /** Where the QR code points: the public verification page, given the credential's OB 3.0 URL. */
  verificationUrl: string;
  /** The credential's public page (printed under the QR code). */
  pageUrl: string;
  /** The signed OB 3.0 credential, exactly as stored (attached to the PDF); empty for a specimen. */
  signedCredential: string;
  /** The achievement's artwork as PNG (printed as the seal). */
  badgePng: Uint8Array;
  /** The issuer's logo as PNG (printed at the top), or null when it has none to show. */
  issuerLogoPng?: Uint8Array | null | undefined;
  /** The organisation's design (template and branding); absent: the built-in look. */
  look?: CertificateLook | undefined;
  /** A template preview: marked SPECIMEN across the page, no credential attached. */
  specimen?: boolean | undefined;
}

export const PAGE_SIZES = ['a4', 'letter'] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

export interface CertificateRenderer {
  render(facts: CertificateFacts, options: { size: PageSize; locale: string; createdAt: Date }): Promise<Uint8Array>;
}

/** The public view of one credential: only what may be shown to anyone (never the recipient's identity). */
/** An endorsement as a page shows it: who, what they wrote, when, and where its signed credential is. */
export interface PublicEndorsement {
  endorser: string;
  comment: string;
  date: string;
  /** The EndorsementCredential's JSON: published here when signed here, kept as received otherwise. */
  credentialUrl: string;
}

export interface PublicCredentialView {
  id: string;
  /** The issuing organisation's privacy notice, linked from the page's footer. */
  privacyNoticeUrl?: string | null | undefined;
  /** The effective status, or `pending` before the issue date. */
  status: PageStatus;
  /** The issuer's reason for a revocation or a suspension. */
  revocationReason: string | null;
  /** Superseded: the public page of the credential that replaced it. */
  replacedBy: string | null;
  recipientName: string | null;
  issuedOn: string;
  expiresAt: string | null;
  narrative: string | null;
  evidence: Evidence[];
  achievement: {
    id: string; name: string; description: string; kind: AchievementKind; criteria: Criteria; tags: string[];
    /** OB 3.0 details (result descriptions, credits, field of study, translations) and alignments. */
    details?: AchievementDetails | undefined;
    alignments?: Alignment[] | undefined;
  };
  /** OB 3.0 results of this award and the credits earned. */
  results?: AwardResult[] | undefined;
  creditsEarned?: number | null | undefined;
  /** `logoUrl`: the issuer's logo (PNG, served here), or null when it has none to show. */
  issuer: { id: string; name: string; url: string; description: string | null; logoUrl: string | null };
  /** The signed OB 3.0 credential (JSON text, as stored). */
  signedCredential: string;
  /** Live endorsements (neither revoked nor hidden) of the achievement and of its issuer, today. */
  endorsements?: { achievement: PublicEndorsement[]; issuer: PublicEndorsement[] } | undefined;
  urls: {
    page: string;
    embed: string;
    png: string;
    svg: string;
    pdf: string;
    issuerPage: string;
    ob3: string;
    verify: string;
  };
}
