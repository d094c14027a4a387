import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import { fontBytes } from '../packages/server/src/adapters/fonts/bundled-fonts.js';
import { renderCertificate } from '../packages/server/src/adapters/pdf/certificate-pdf.js';
import { LONG_NAME, SCRIPT_NAMES, sampleFacts } from '../packages/server/src/adapters/pdf/certificate-samples.js';
import QRCode from 'qrcode';
import { sequential } from './measure.js';
import type { Row } from './table.js';

const NAMES = [...Object.values(SCRIPT_NAMES), LONG_NAME];

/**
 * PDF certificates, one thread: Laurel's full certificate (every script, shaped, fitted, QR, seal,
 * credential attached) for names cycling through nine scripts and a 120-character one, against bare
 * pdf-lib drawing a Latin name in one embedded font with the same QR, seal and attachment.
 */
export async function benchCertificates(options: { iterations: number; referenceIterations: number; warmup: number }): Promise<Row[]> {
  const facts = await Promise.all(NAMES.map((name) => sampleFacts(name)));
  const createdAt = new Date('2026-03-01T00:00:00Z');
  const laurel = await sequential(options.iterations, options.warmup, async (i) => {
    const f = facts[Math.abs(i) % facts.length]!;
    return renderCertificate({ ...f, credentialId: `urn:uuid:bench-${i}` }, { size: 'a4', locale: 'en', createdAt });
  });
  const latin = facts[0]!;
  const reference = await sequential(options.referenceIterations, options.warmup, async (i) => {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const page = doc.addPage([841.89, 595.28]);
    const font = await doc.embedFont(fontBytes('serifBoldItalic'), { subset: true });
    page.drawText(latin.recipientName!, { x: 100, y: 360, size: 40, font, color: rgb(0.1, 0.1, 0.2) });
    page.drawImage(await doc.embedPng(latin.badgePng), { x: 380, y: 116, width: 78, height: 78 });
    page.drawImage(await doc.embedPng(await QRCode.toBuffer(`${latin.verificationUrl}&n=${i}`, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 360 })), { x: 670, y: 66, width: 92, height: 92 });
    await doc.attach(new TextEncoder().encode(latin.signedCredential), 'credential.json', { mimeType: 'application/ld+json' });
    return doc.save();
  });
  const per1000 = (rate: { perSecond: number }) => `${(1000 / rate.perSecond).toFixed(1)} s per 1,000`;
  return [
    { what: `${laurel.iterations} certificate PDFs, 9 scripts + a 120-char name: ${(laurel.ms / 1000).toFixed(1)} s (${per1000(laurel)})`, laurel: laurel.perSecond, reference: reference.perSecond, note: `reference: bare pdf-lib, Latin only (${per1000(reference)})` },
  ];
}
