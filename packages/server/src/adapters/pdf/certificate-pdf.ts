import fontkit from '@pdf-lib/fontkit';
import { degrees, PageSizes, PDFDocument, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import { fontBytes } from '../fonts/bundled-fonts.js';
import type { CertificateFacts, CertificateRenderer, PageSize } from '../../domain/public-pages/ports.js';
import { DEFAULT_LOCALE, LOCALES, translator, type Locale, type Translator } from '../html/i18n/index.js';
import { qrPng } from './qr.js';
import { fitText, printable, wrapText } from './text.js';

/** Landscape page sizes in points. */
export const PAGE_POINTS: Record<PageSize, [number, number]> = {
  a4: [PageSizes.A4[1], PageSizes.A4[0]],
  letter: [PageSizes.Letter[1], PageSizes.Letter[0]],
};

const ACCENT: Record<string, RGB> = {
  badge: rgb(0.169, 0.424, 0.69),
  certificate: rgb(0.184, 0.522, 0.353),
  certification: rgb(0.592, 0.353, 0.086),
};
const INK = rgb(0.1, 0.13, 0.17);
const MUTED = rgb(0.38, 0.42, 0.48);

interface Fonts {
  title: PDFFont;
  name: PDFFont;
  serifItalic: PDFFont;
  sans: PDFFont;
  sansBold: PDFFont;
}

interface Canvas {
  page: PDFPage;
  fonts: Fonts;
  width: number;
  height: number;
}

/** Centred, WinAnsi-safe, shrunk to fit `maxWidth`. */
function centred(c: Canvas, text: string, y: number, font: PDFFont, size: number, color: RGB, maxWidth = c.width - 200): void {
  const fitted = fitText(font, printable(font, text), size, maxWidth);
  c.page.drawText(fitted.text, { x: (c.width - font.widthOfTextAtSize(fitted.text, fitted.size)) / 2, y, size: fitted.size, font, color });
}

function left(c: Canvas, text: string, x: number, y: number, font: PDFFont, size: number, color: RGB, maxWidth = 200): void {
  const fitted = fitText(font, printable(font, text), size, maxWidth);
  c.page.drawText(fitted.text, { x, y, size: fitted.size, font, color });
}

function drawFrame(c: Canvas, accent: RGB): void {
  const { page, width, height } = c;
  page.drawRectangle({ x: 20, y: 20, width: width - 40, height: height - 40, borderColor: accent, borderWidth: 5 });
  page.drawRectangle({ x: 32, y: 32, width: width - 64, height: height - 64, borderColor: accent, borderWidth: 0.8, opacity: 0 });
  for (const [x, y] of [[32, 32], [width - 32, 32], [32, height - 32], [width - 32, height - 32]] as const) {
    page.drawCircle({ x, y, size: 4, color: accent });
  }
}

function drawHeading(c: Canvas, f: CertificateFacts, tr: Translator, accent: RGB): void {
  const { fonts, width, height, page } = c;
  centred(c, f.issuerName.toUpperCase(), height - 78, fonts.sansBold, 12, MUTED);
  centred(c, tr.t(`certificate.title.${f.kind}`).toUpperCase(), height - 128, fonts.title, 34, accent);
  page.drawLine({ start: { x: width / 2 - 60, y: height - 144 }, end: { x: width / 2 + 60, y: height - 144 }, thickness: 1.5, color: accent });
  centred(c, tr.t('certificate.presentedTo'), height - 182, fonts.serifItalic, 15, MUTED);
  centred(c, f.recipientName ?? tr.t('certificate.recipientUnnamed'), height - 232, fonts.name, 40, INK, width - 180);
  page.drawLine({ start: { x: width * 0.22, y: height - 246 }, end: { x: width * 0.78, y: height - 246 }, thickness: 0.6, color: MUTED });
  centred(c, tr.t(`certificate.wording.${f.kind}`), height - 276, fonts.serifItalic, 15, MUTED);
  centred(c, f.achievementName, height - 312, fonts.sansBold, 24, INK);
  const lines = wrapText(fonts.sans, printable(fonts.sans, f.achievementDescription), 11, width - 280, 2);
  lines.forEach((line, i) => centred(c, line, height - 338 - i * 15, fonts.sans, 11, MUTED));
}

function drawDates(c: Canvas, f: CertificateFacts, tr: Translator): void {
  const { fonts } = c;
  left(c, tr.t('certificate.issuedOn').toUpperCase(), 80, 132, fonts.sansBold, 8, MUTED);
  left(c, tr.date(f.issuedOn), 80, 115, fonts.sans, 13, INK);
  if (f.expiresAt) {
    left(c, tr.t('certificate.validUntil').toUpperCase(), 80, 92, fonts.sansBold, 8, MUTED);
    left(c, tr.date(f.expiresAt), 80, 75, fonts.sans, 13, INK);
  }
}

function drawSignature(c: Canvas, f: CertificateFacts, tr: Translator): void {
  const { page, fonts, width } = c;
  const cx = width / 2;
  page.drawLine({ start: { x: cx - 115, y: 104 }, end: { x: cx + 115, y: 104 }, thickness: 0.8, color: INK });
  centred(c, tr.t('certificate.signature'), 90, fonts.sans, 9, MUTED, 230);
  centred(c, tr.t('certificate.issuedBy', { issuer: f.issuerName }), 76, fonts.sansBold, 10, INK, 260);
}

/** The badge artwork as a seal above the signature line. */
async function drawSeal(doc: PDFDocument, c: Canvas, f: CertificateFacts): Promise<void> {
  const image = await doc.embedPng(f.badgePng);
  const box = 78;
  const scale = Math.min(box / image.width, box / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  c.page.drawImage(image, { x: (c.width - w) / 2, y: 116 + (box - h) / 2, width: w, height: h });
}

/** The issuer's logo in the top-left corner, inside the frame, kept to its proportions. */
async function drawIssuerLogo(doc: PDFDocument, c: Canvas, f: CertificateFacts): Promise<void> {
  if (!f.issuerLogoPng) return;
  const image = await doc.embedPng(f.issuerLogoPng);
  const box = 56;
  const scale = Math.min(box / image.width, box / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  c.page.drawImage(image, { x: 56, y: c.height - 56 - h, width: w, height: h });
}

async function drawQr(doc: PDFDocument, c: Canvas, f: CertificateFacts, tr: Translator): Promise<void> {
  const image = await doc.embedPng(await qrPng(f.verificationUrl));
  const size = 92;
  const x = c.width - 80 - size;
  c.page.drawImage(image, { x, y: 66, width: size, height: size });
  const label = printable(c.fonts.sans, tr.t('certificate.scan'));
  c.page.drawText(label, { x: x + (size - c.fonts.sans.widthOfTextAtSize(label, 8)) / 2, y: 56, size: 8, font: c.fonts.sans, color: MUTED });
}

function drawFooter(c: Canvas, f: CertificateFacts, tr: Translator): void {
  centred(c, `${tr.t('certificate.credentialId', { id: f.credentialId })}  ·  ${tr.t('certificate.verifyAt', { url: f.pageUrl })}`, 42, c.fonts.sans, 7.5, MUTED, c.width - 120);
}

/** Printed across the page when the credential is not valid now (revoked, suspended, expired, or not valid yet), so a print-out cannot pass for a valid one. */
function drawStatusStamp(c: Canvas, f: CertificateFacts, tr: Translator): void {
  if (f.status === 'active') return;
  const text = printable(c.fonts.sansBold, tr.t(`status.${f.status}`).toUpperCase());
  const size = 72;
  const w = c.fonts.sansBold.widthOfTextAtSize(text, size);
  const angle = 25;
  const rad = (angle * Math.PI) / 180;
  c.page.drawText(text, {
    x: c.width / 2 - (w / 2) * Math.cos(rad),
    y: c.height / 2 - (w / 2) * Math.sin(rad) - 20,
    size,
    font: c.fonts.sansBold,
    color: rgb(0.75, 0.1, 0.1),
    opacity: 0.22,
    rotate: degrees(angle),
  });
}

const asLocale = (tag: string): Locale => ((LOCALES as string[]).includes(tag) ? (tag as Locale) : DEFAULT_LOCALE);

/** Landscape certificates with pdf-lib and embedded DejaVu fonts (from an npm package, subset per document). */
export function pdfCertificateRenderer(): CertificateRenderer {
  return {
    async render(f, options) {
      const tr = translator(asLocale(options.locale));
      const doc = await PDFDocument.create({ updateMetadata: false });
      const [width, height] = PAGE_POINTS[options.size];
      const page = doc.addPage([width, height]);
      // Embedded (subset) DejaVu fonts: names like "Łukasz", "Ελένη" or "Дарья" print as written.
      doc.registerFontkit(fontkit);
      const embed = (name: Parameters<typeof fontBytes>[0]) => doc.embedFont(fontBytes(name), { subset: true });
      const fonts: Fonts = {
        title: await embed('serifBold'),
        name: await embed('serifBoldItalic'),
        serifItalic: await embed('serifItalic'),
        sans: await embed('sans'),
        sansBold: await embed('sansBold'),
      };
      const canvas: Canvas = { page, fonts, width, height };
      const accent = ACCENT[f.kind] ?? ACCENT.badge!;
      drawFrame(canvas, accent);
      drawHeading(canvas, f, tr, accent);
      drawDates(canvas, f, tr);
      drawSignature(canvas, f, tr);
      await drawSeal(doc, canvas, f);
      await drawIssuerLogo(doc, canvas, f);
      await drawQr(doc, canvas, f, tr);
      drawFooter(canvas, f, tr);
      drawStatusStamp(canvas, f, tr);

      await doc.attach(new TextEncoder().encode(f.signedCredential), 'credential.json', {
        mimeType: 'application/ld+json',
        description: 'Signed Open Badges 3.0 credential (verify it offline with any OB 3.0 verifier)',
        creationDate: new Date(f.issuedOn),
        modificationDate: new Date(f.issuedOn),
      });
      doc.setTitle(`${tr.t(`certificate.title.${f.kind}`)}: ${f.achievementName}`);
      doc.setAuthor(f.issuerName);
      doc.setSubject(f.credentialId);
      doc.setLanguage(tr.locale);
      doc.setCreator('Laurel');
      doc.setProducer('Laurel (pdf-lib)');
      doc.setCreationDate(options.createdAt);
      doc.setModificationDate(options.createdAt);
      return doc.save();
    },
  };
}
