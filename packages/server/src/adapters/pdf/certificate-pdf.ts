import { AFRelationship, PageSizes, PDFDocument } from 'pdf-lib';
import type { CertificateFacts, CertificateRenderer, PageSize } from '../../domain/public-pages/ports.js';
import { DEFAULT_LOCALE, LOCALES, translator, type Locale } from '../html/i18n/index.js';
import { ACCENT, hexColor, type Canvas } from './certificate-canvas.js';
import { drawFooter, drawFrame, drawHeading, drawStamp } from './certificate-heading.js';
import { drawDates, drawQr, drawSignatures } from './certificate-signatures.js';
import { makePdfA3 } from './pdfa.js';
import { Typesetter } from './typeset/index.js';

/** Landscape page sizes in points (portrait swaps them). */
export const PAGE_POINTS: Record<PageSize, [number, number]> = {
  a4: [PageSizes.A4[1], PageSizes.A4[0]],
  letter: [PageSizes.Letter[1], PageSizes.Letter[0]],
};

const asLocale = (tag: string): Locale => ((LOCALES as string[]).includes(tag) ? (tag as Locale) : DEFAULT_LOCALE);

/** What a renderer test can check beside the bytes: every line of text drawn and its box. */
export interface RenderedCertificate {
  bytes: Uint8Array;
  text: Typesetter['boxes'];
  page: { width: number; height: number };
}

export async function renderCertificate(f: CertificateFacts, options: Parameters<CertificateRenderer['render']>[1]): Promise<RenderedCertificate> {
  const tr = translator(asLocale(options.locale));
  const doc = await PDFDocument.create({ updateMetadata: false });
  const portrait = f.look?.orientation === 'portrait';
  const [long, short] = PAGE_POINTS[options.size];
  const [width, height] = portrait ? [short, long] : [long, short];
  const page = doc.addPage([width, height]);
  // Every script a name can be written in: bundled fonts, shaped by HarfBuzz, subset per document.
  const text = new Typesetter(doc);
  const accent = f.look?.accentColor ? hexColor(f.look.accentColor) : (ACCENT[f.kind] ?? ACCENT.badge!);
  const ink = hexColor(f.look?.inkColor ?? '#1a2130');
  const c: Canvas = { doc, page, text, width, height, portrait, accent, ink, look: f.look, facts: f, tr };
  drawFrame(c);
  drawStamp(c);
  await drawHeading(c);
  drawDates(c);
  await drawSignatures(c);
  drawQr(c);
  drawFooter(c);
  text.finish();

  if (f.signedCredential) {
    // An associated file (PDF/A-3): listed in the catalogue's /AF, the source this page was printed from.
    await doc.attach(new TextEncoder().encode(f.signedCredential), 'credential.json', {
      mimeType: 'application/ld+json',
      description: 'Signed Open Badges 3.0 credential (verify it offline with any OB 3.0 verifier)',
      creationDate: new Date(f.issuedOn),
      modificationDate: new Date(f.issuedOn),
      afRelationship: AFRelationship.Source,
    });
  }
  makePdfA3(doc, {
    title: `${f.look?.title ?? tr.t(`certificate.title.${f.kind}`)}: ${f.achievementName}`,
    author: f.issuerName,
    subject: f.credentialId,
    language: tr.locale,
    created: options.createdAt,
    idSeed: `${f.credentialId} ${options.createdAt.toISOString()} ${options.size} ${tr.locale}`,
  });
  return { bytes: await doc.save(), text: text.boxes, page: { width, height } };
}

/** Certificates with pdf-lib; text in any script through the Typesetter (HarfBuzz shaping, bidi, bundled fonts). */
export function pdfCertificateRenderer(): CertificateRenderer {
  return {
    async render(f, options) {
      return (await renderCertificate(f, options)).bytes;
    },
  };
}
