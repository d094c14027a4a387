import { execFileSync } from 'node:child_process';
import { PDFDocument, rgb } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { checkPdfA3, QpdfView, textOf, writeTemp } from '../../../test/public-pages/pdfa-check.js';
import { renderCertificate } from './certificate-pdf.js';
import { sampleFacts, sampleLook } from './certificate-samples.js';
import { xmlSafe } from './pdfa.js';

const OPTIONS = { size: 'a4' as const, locale: 'en', createdAt: new Date('2026-03-02T10:00:00Z') };

describe('PDF/A-3 certificates (checked by qpdf and poppler, not by the renderer)', () => {
  it('the built-in design, a branded one with transparent images, and a revoked one are PDF/A-3b', async () => {
    const facts = await sampleFacts('Zoë 王小明 محمد');
    // Artwork and a signature with an alpha channel: flattened on white, never a soft mask.
    const translucent = await sharp({ create: { width: 40, height: 20, channels: 4, background: { r: 200, g: 0, b: 0, alpha: 0.4 } } }).png().toBuffer();
    const look = { ...(await sampleLook()), logoPng: new Uint8Array(translucent) };
    for (const f of [facts, { ...facts, badgePng: new Uint8Array(translucent), look }, { ...facts, status: 'revoked' as const }, { ...facts, specimen: true, signedCredential: '' }]) {
      const file = writeTemp((await renderCertificate(f, OPTIONS)).bytes);
      const report = checkPdfA3(file);
      expect(report.problems, f.status).toEqual([]);
      expect([report.part, report.conformance]).toEqual(['3', 'B']);
    }
  });

  it('the credential is an associated file (Source) whose bytes come back whole', async () => {
    const facts = { ...(await sampleFacts('Ada')), signedCredential: '{"type":["VerifiableCredential","OpenBadgeCredential"],"name":"é 日本"}' };
    const file = writeTemp((await renderCertificate(facts, OPTIONS)).bytes);
    const view = new QpdfView(file);
    const spec = view.dict(view.array(view.catalog['/AF'])[0]);
    expect(spec['/AFRelationship']).toBe('/Source');
    expect(textOf(spec['/UF'])).toBe('credential.json');
    expect(execFileSync('qpdf', ['--show-attachment=credential.json', file], { encoding: 'utf8' })).toBe(facts.signedCredential);
  });

  it('an attacker-chosen achievement or issuer name cannot break the XMP packet or make it disagree with the Info dictionary', async () => {
    const hostile = 'Evil</rdf:li></rdf:Alt></dc:title><pdfaid:part>1</pdfaid:part><?xpacket end="w"?>]]>&amp;\u0000\u0007\ud800 "q" \u202e';
    const facts = { ...(await sampleFacts('Mallory')), achievementName: hostile, issuerName: `${hostile} Inc` };
    const file = writeTemp((await renderCertificate(facts, OPTIONS)).bytes);
    const report = checkPdfA3(file);
    expect(report.problems).toEqual([]);
    expect(report.part).toBe('3');
    expect(report.info.Title).toBe(`Certificate of completion: ${xmlSafe(hostile)}`);
    expect(report.info.Title).toContain('</rdf:li>');
    expect(report.info.Title).not.toMatch(/[\u0000\u0007\ud800]/);
    expect(report.info.Author).toBe(`${xmlSafe(hostile)} Inc`);
  });

  it('the checker does fail: a plain pdf-lib document with a translucent shape, JavaScript and no PDF/A metadata', async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawRectangle({ x: 10, y: 10, width: 50, height: 50, color: rgb(1, 0, 0), opacity: 0.5 });
    doc.addJavaScript('hello', 'app.alert("hi")');
    const { problems } = checkPdfA3(writeTemp(await doc.save()));
    for (const expected of ['trailer /ID is undefined', 'no /Metadata on the catalogue', 'pdfaid:part is undefined', '0 GTS_PDFA1 output intents', 'no fonts', 'a constant alpha /ca 0.5', 'a /JavaScript entry', 'an action /JavaScript']) {
      expect(problems).toContain(expected);
    }
  });
});
