import { centred, left, MUTED, type Canvas } from './certificate-canvas.js';
import { drawPrepared, preparePng, qrImage } from './images.js';

/** Where the bottom band's three parts sit: dates on the left, signatures in the middle, the QR code on the right. */
function band(c: Canvas) {
  const qr = c.portrait ? 80 : 92;
  const margin = c.portrait ? 60 : 80;
  return { margin, qr, qrX: c.width - margin - qr, datesWidth: c.portrait ? 110 : 150, from: margin + (c.portrait ? 118 : 160), to: c.width - margin - qr - 18 };
}

export function drawDates(c: Canvas): void {
  const { facts: f, tr } = c;
  const b = band(c);
  left(c, tr.t('certificate.issuedOn').toUpperCase(), b.margin, 132, 'sansBold', 8, MUTED, b.datesWidth);
  left(c, tr.date(f.issuedOn), b.margin, 115, 'sans', 13, c.ink, b.datesWidth);
  if (f.expiresAt) {
    left(c, tr.t('certificate.validUntil').toUpperCase(), b.margin, 92, 'sansBold', 8, MUTED, b.datesWidth);
    left(c, tr.date(f.expiresAt), b.margin, 75, 'sans', 13, c.ink, b.datesWidth);
  }
}

async function image(c: Canvas, png: Uint8Array, box: { x: number; y: number; width: number; height: number }): Promise<void> {
  const prepared = await preparePng(png);
  const scale = Math.min(box.width / prepared.width, box.height / prepared.height);
  const w = prepared.width * scale;
  const h = prepared.height * scale;
  drawPrepared(c.doc, c.page, prepared, { x: box.x + (box.width - w) / 2, y: box.y + (box.height - h) / 2, width: w, height: h });
}

/**
 * The signatures: the design's signatories side by side (signature image above the line, name and
 * title under it), or one "Authorised signature" line. The seal sits above a single signature, or
 * beside the dates when there are signatories.
 */
export async function drawSignatures(c: Canvas): Promise<void> {
  const { facts: f, tr, page } = c;
  const b = band(c);
  const signatories = c.look?.signatories ?? [];
  const sealPng = c.look?.seal === 'none' ? null : c.look?.seal === 'image' ? (c.look.sealPng ?? f.badgePng) : f.badgePng;
  if (!signatories.length) {
    const cx = c.width / 2;
    const half = c.portrait ? 90 : 115;
    page.drawLine({ start: { x: cx - half, y: 104 }, end: { x: cx + half, y: 104 }, thickness: 0.8, color: c.ink });
    centred(c, tr.t('certificate.signature'), 90, 'sans', 9, MUTED, half * 2);
    centred(c, tr.t('certificate.issuedBy', { issuer: f.issuerName }), 76, 'sansBold', 10, c.ink, half * 2 + 30);
    if (sealPng) await image(c, sealPng, { x: cx - 39, y: 116, width: 78, height: 78 });
    return;
  }
  const column = (b.to - b.from) / signatories.length;
  for (const [i, s] of signatories.entries()) {
    const cx = b.from + column * (i + 0.5);
    const half = Math.min(100, column / 2 - 8);
    if (s.signaturePng) await image(c, s.signaturePng, { x: cx - half, y: 107, width: half * 2, height: 36 });
    page.drawLine({ start: { x: cx - half, y: 104 }, end: { x: cx + half, y: 104 }, thickness: 0.8, color: c.ink });
    centred(c, s.name, 90, 'sansBold', 10, c.ink, half * 2, cx);
    if (s.title) centred(c, s.title, 77, 'sans', 8.5, MUTED, half * 2, cx);
  }
  if (sealPng) await image(c, sealPng, { x: b.margin, y: 146, width: 58, height: 58 });
}

export function drawQr(c: Canvas): void {
  const b = band(c);
  drawPrepared(c.doc, c.page, qrImage(c.facts.verificationUrl), { x: b.qrX, y: 66, width: b.qr, height: b.qr });
  const label = c.text.fit(c.tr.t('certificate.scan'), 'sans', { maxWidth: b.qr + 40, maxSize: 8, minSize: 6, maxLines: 1 });
  c.text.centred(c.page, label.lines[0]!, b.qrX + b.qr / 2, 56, label.size, MUTED);
}
