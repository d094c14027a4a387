import { PageSizes, PDFDocument, rgb, type PDFPage, type RGB } from 'pdf-lib';
import type { CertificateFacts, CertificateRenderer, PageSize } from '../../domain/public-pages/ports.js';
import { DEFAULT_LOCALE, LOCALES, translator, type Locale, type Translator } from '../html/i18n/index.js';
import { drawPrepared, preparePng, qrImage } from './images.js';
import { Typesetter } from './typeset/index.js';

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

interface Canvas {
  page: PDFPage;
  text: Typesetter;
  width: number;
  height: number;
}

/** One line, shrunk (never cut) to fit `maxWidth`, centred. */
function centred(c: Canvas, text: string, y: number, style: Parameters<Typesetter['shape']>[1], size: number, color: RGB, maxWidth = c.width - 200): void {
  const fitted = c.text.fit(text, style, { maxWidth, maxSize: size, minSize: size * 0.6, maxLines: 1 });
  c.text.block(c.page, fitted, c.width / 2, y, color);
}

function drawFrame(c: Canvas, accent: RGB): void {
  const { page, width, height } = c;
  page.drawRectangle({ x: 20, y: 20, width: width - 40, height: height - 40, borderColor: accent, borderWidth: 5 });
  page.drawRectangle({ x: 32, y: 32, width: width - 64, height: height - 64, borderColor: accent, borderWidth: 0.8, opacity: 0 });
  for (const [x, y] of [[32, 32], [width - 32, 32], [32, height - 32], [width - 32, height - 32]] as const) {
    page.drawCircle({ x, y, size: 4, color: accent });
  }
}

/** The lowest a heading line may go: just above the seal. */
const HEADING_FLOOR = 204;

/**
 * The heading flows down the page: the recipient's name takes as many lines as it needs (shrinking to
 * a floor first), and what follows moves down with it; the description gives way to the seal.
 */
function drawHeading(c: Canvas, f: CertificateFacts, tr: Translator, accent: RGB): void {
  const { width, height, page, text } = c;
  centred(c, f.issuerName.toUpperCase(), height - 78, 'sansBold', 12, MUTED);
  centred(c, tr.t(`certificate.title.${f.kind}`).toUpperCase(), height - 128, 'title', 34, accent);
  page.drawLine({ start: { x: width / 2 - 60, y: height - 144 }, end: { x: width / 2 + 60, y: height - 144 }, thickness: 1.5, color: accent });
  centred(c, tr.t('certificate.presentedTo'), height - 182, 'serifItalic', 15, MUTED);
  const name = text.fit(f.recipientName ?? tr.t('certificate.recipientUnnamed'), 'name', { maxWidth: width - 180, maxSize: 40, minSize: 24, minWrappedSize: 16, maxLines: 3, maxHeight: 80 });
  const lastBaseline = text.block(page, name, width / 2, height - 198 - name.size * 0.8, INK);
  const rule = lastBaseline - name.size * 0.3 - 8;
  page.drawLine({ start: { x: width * 0.22, y: rule }, end: { x: width * 0.78, y: rule }, thickness: 0.6, color: MUTED });
  centred(c, tr.t(`certificate.wording.${f.kind}`), rule - 30, 'serifItalic', 15, MUTED);
  const achievement = text.fit(f.achievementName, 'sansBold', { maxWidth: width - 200, maxSize: 24, minSize: 16, maxLines: 2, maxHeight: 44 });
  const afterAchievement = text.block(page, achievement, width / 2, rule - 66, INK);
  const room = Math.floor((afterAchievement - 26 - HEADING_FLOOR) / 15) + 1;
  const lines = room > 0 ? text.wrap(f.achievementDescription, 'sans', 11, width - 280, Math.min(2, room)) : [];
  lines.forEach((line, i) => text.centred(page, line, width / 2, afterAchievement - 26 - i * 15, 11, MUTED));
}

function left(c: Canvas, value: string, x: number, y: number, style: Parameters<Typesetter['shape']>[1], size: number, color: RGB, maxWidth = 200): void {
  const fitted = c.text.fit(value, style, { maxWidth, maxSize: size, minSize: size * 0.6, maxLines: 1 });
  c.text.at(c.page, fitted.lines[0]!, x, y, fitted.size, color);
}

function drawDates(c: Canvas, f: CertificateFacts, tr: Translator): void {
  left(c, tr.t('certificate.issuedOn').toUpperCase(), 80, 132, 'sansBold', 8, MUTED);
  left(c, tr.date(f.issuedOn), 80, 115, 'sans', 13, INK);
  if (f.expiresAt) {
    left(c, tr.t('certificate.validUntil').toUpperCase(), 80, 92, 'sansBold', 8, MUTED);
    left(c, tr.date(f.expiresAt), 80, 75, 'sans', 13, INK);
  }
}

function drawSignature(c: Canvas, f: CertificateFacts, tr: Translator): void {
  const cx = c.width / 2;
  c.page.drawLine({ start: { x: cx - 115, y: 104 }, end: { x: cx + 115, y: 104 }, thickness: 0.8, color: INK });
  centred(c, tr.t('certificate.signature'), 90, 'sans', 9, MUTED, 230);
  centred(c, tr.t('certificate.issuedBy', { issuer: f.issuerName }), 76, 'sansBold', 10, INK, 260);
}

/** The badge artwork as a seal above the signature line. */
async function drawSeal(doc: PDFDocument, c: Canvas, f: CertificateFacts): Promise<void> {
  const image = await preparePng(f.badgePng);
  const box = 78;
  const scale = Math.min(box / image.width, box / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  drawPrepared(doc, c.page, image, { x: (c.width - w) / 2, y: 116 + (box - h) / 2, width: w, height: h });
}

function drawQr(doc: PDFDocument, c: Canvas, f: CertificateFacts, tr: Translator): void {
  const size = 92;
  const x = c.width - 80 - size;
  drawPrepared(doc, c.page, qrImage(f.verificationUrl), { x, y: 66, width: size, height: size });
  const label = c.text.fit(tr.t('certificate.scan'), 'sans', { maxWidth: size + 40, maxSize: 8, minSize: 6, maxLines: 1 });
  c.text.centred(c.page, label.lines[0]!, x + size / 2, 56, label.size, MUTED);
}

function drawFooter(c: Canvas, f: CertificateFacts, tr: Translator): void {
  centred(c, `${tr.t('certificate.credentialId', { id: f.credentialId })}  ·  ${tr.t('certificate.verifyAt', { url: f.pageUrl })}`, 42, 'sans', 7.5, MUTED, c.width - 120);
}

/** Printed across the page when the credential is no longer valid, so a print-out cannot pass for a valid one. */
function drawStatusStamp(c: Canvas, f: CertificateFacts, tr: Translator): void {
  if (f.status === 'active') return;
  const line = c.text.shape(tr.t(`status.${f.status}`).toUpperCase(), 'sansBold');
  const size = 72;
  const w = line.width(size);
  const angle = 25;
  const rad = (angle * Math.PI) / 180;
  c.text.at(c.page, line, c.width / 2 - (w / 2) * Math.cos(rad), c.height / 2 - (w / 2) * Math.sin(rad) - 20, size, rgb(0.75, 0.1, 0.1), { rotate: angle, opacity: 0.22 });
}

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
  const [width, height] = PAGE_POINTS[options.size];
  const page = doc.addPage([width, height]);
  // Every script a name can be written in: bundled fonts, shaped by HarfBuzz, subset per document.
  const text = new Typesetter(doc);
  const canvas: Canvas = { page, text, width, height };
  const accent = ACCENT[f.kind] ?? ACCENT.badge!;
  drawFrame(canvas, accent);
  drawHeading(canvas, f, tr, accent);
  drawDates(canvas, f, tr);
  drawSignature(canvas, f, tr);
  await drawSeal(doc, canvas, f);
  drawQr(doc, canvas, f, tr);
  drawFooter(canvas, f, tr);
  drawStatusStamp(canvas, f, tr);
  text.finish();

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
  doc.setProducer('Laurel (pdf-lib, HarfBuzz)');
  doc.setCreationDate(options.createdAt);
  doc.setModificationDate(options.createdAt);
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
