import { rgb } from 'pdf-lib';
import { centred, MUTED, type Canvas } from './certificate-canvas.js';
import { drawPrepared, preparePng } from './images.js';

export function drawFrame(c: Canvas): void {
  const { page, width, height, accent } = c;
  page.drawRectangle({ x: 20, y: 20, width: width - 40, height: height - 40, borderColor: accent, borderWidth: 5 });
  page.drawRectangle({ x: 32, y: 32, width: width - 64, height: height - 64, borderColor: accent, borderWidth: 0.8 });
  for (const [x, y] of [[32, 32], [width - 32, 32], [32, height - 32], [width - 32, height - 32]] as const) {
    page.drawCircle({ x, y, size: 4, color: accent });
  }
}

/** The lowest a heading line may go: just above the seal and signatures. */
/** rgb(0.75, 0.1, 0.1) at 22 % over white, as one opaque colour. */
const STAMP_RED = rgb(0.945, 0.802, 0.802);

export const HEADING_FLOOR = 210;
const LOGO = { width: 110, height: 44 };

/** The design's logo (else the issuer's own) in the top-left corner, inside the frame. */
async function drawLogo(c: Canvas): Promise<boolean> {
  const logo = c.look?.logoPng ?? c.facts.issuerLogoPng;
  if (!logo) return false;
  const image = await preparePng(logo);
  const scale = Math.min(LOGO.width / image.width, LOGO.height / image.height);
  drawPrepared(c.doc, c.page, image, { x: 50, y: c.height - 50 - image.height * scale, width: image.width * scale, height: image.height * scale });
  return true;
}

/**
 * The heading flows down the page: the recipient's name takes as many lines as it needs (shrinking to
 * a floor first), and what follows moves down with it; the description gives way to the seal.
 */
export async function drawHeading(c: Canvas): Promise<void> {
  const { width, height, page, text, facts: f, tr, accent } = c;
  const hasLogo = await drawLogo(c);
  const top = height - (c.portrait ? 100 : 0);
  centred(c, f.issuerName.toUpperCase(), height - 78, 'sansBold', 12, MUTED, hasLogo ? width - 2 * (50 + LOGO.width + 10) : width - 200);
  const title = c.look?.title ?? tr.t(`certificate.title.${f.kind}`);
  centred(c, c.look?.title ? title : title.toUpperCase(), top - 128, 'title', c.portrait ? 30 : 34, accent, width - 120);
  page.drawLine({ start: { x: width / 2 - 60, y: top - 144 }, end: { x: width / 2 + 60, y: top - 144 }, thickness: 1.5, color: accent });
  centred(c, tr.t('certificate.presentedTo'), top - 182, 'serifItalic', 15, MUTED);
  const name = text.fit(f.recipientName ?? tr.t('certificate.recipientUnnamed'), 'name', { maxWidth: width - (c.portrait ? 120 : 180), maxSize: 40, minSize: c.portrait ? 22 : 24, minWrappedSize: 16, maxLines: 3, maxHeight: c.portrait ? 110 : 80 });
  const lastBaseline = text.block(page, name, width / 2, top - 198 - name.size * 0.8, c.ink);
  const rule = lastBaseline - name.size * 0.3 - 8;
  page.drawLine({ start: { x: width * 0.22, y: rule }, end: { x: width * 0.78, y: rule }, thickness: 0.6, color: MUTED });
  centred(c, tr.t(`certificate.wording.${f.kind}`), rule - 30, 'serifItalic', 15, MUTED);
  const achievement = text.fit(f.achievementName, 'sansBold', { maxWidth: width - (c.portrait ? 120 : 200), maxSize: 24, minSize: 16, maxLines: 2, maxHeight: 44 });
  let afterAchievement = text.block(page, achievement, width / 2, rule - 66, c.ink);
  const facts = [
    ...(f.results ?? []).map((r) => `${r.name}: ${r.achieved}`),
    ...(f.credits !== undefined ? [tr.t(f.creditUnit ? `certificate.credits.${f.creditUnit}` : 'certificate.credits', { n: String(f.credits) })] : []),
    ...(f.hours !== undefined ? [tr.t('certificate.hours', { n: String(f.hours) })] : []),
  ];
  if (facts.length > 0 && afterAchievement - 22 > HEADING_FLOOR) {
    const [line] = text.wrap(facts.join('  ·  '), 'sansBold', 11, width - (c.portrait ? 140 : 280), 1);
    if (line) text.centred(page, line, width / 2, afterAchievement - 22, 11, c.ink);
    afterAchievement -= 18;
  }
  const room = Math.floor((afterAchievement - 26 - HEADING_FLOOR) / 15) + 1;
  const lines = room > 0 && f.achievementDescription ? text.wrap(f.achievementDescription, 'sans', 11, width - (c.portrait ? 140 : 280), Math.min(c.portrait ? 4 : 2, room)) : [];
  lines.forEach((line, i) => text.centred(page, line, width / 2, afterAchievement - 26 - i * 15, 11, MUTED));
}

export function drawFooter(c: Canvas): void {
  const { facts: f, tr } = c;
  const id = tr.t('certificate.credentialId', { id: f.credentialId });
  const verify = tr.t('certificate.verifyAt', { url: f.pageUrl });
  if (c.portrait) {
    centred(c, id, 48, 'sans', 7, MUTED, c.width - 100);
    centred(c, verify, 39, 'sans', 7, MUTED, c.width - 100);
  } else centred(c, `${id}  ·  ${verify}`, 42, 'sans', 7.5, MUTED, c.width - 120);
}

/**
 * Printed across the page when the credential is no longer valid (or is a specimen), so a print-out
 * cannot pass for a valid one. Drawn first, in a pale opaque red, under everything else: PDF/A
 * certificates use no transparency.
 */
export function drawStamp(c: Canvas): void {
  const { facts: f, tr } = c;
  if (f.status === 'active' && !f.specimen) return;
  const line = c.text.shape((f.specimen ? tr.t('certificate.specimen') : tr.t(`status.${f.status}`)).toUpperCase(), 'sansBold');
  const size = c.portrait ? 60 : 72;
  const w = line.width(size);
  const angle = c.portrait ? 50 : 25;
  const rad = (angle * Math.PI) / 180;
  c.text.at(c.page, line, c.width / 2 - (w / 2) * Math.cos(rad), c.height / 2 - (w / 2) * Math.sin(rad) - 20, size, STAMP_RED, { rotate: angle });
}
