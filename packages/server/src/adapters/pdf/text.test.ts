import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { fontBytes } from '../fonts/bundled-fonts.js';
import { describe, expect, it } from 'vitest';
import { fitText, printable, wrapText } from './text.js';

describe('certificate text', async () => {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);

  it('keeps WinAnsi text, strips accents it cannot print, and replaces the rest', () => {
    expect(printable(font, 'Émilie Dupré – “ok” €')).toBe('Émilie Dupré – “ok” €');
    expect(printable(font, 'Ŝtefan Łukasz 日本\nX')).toBe('Stefan ?ukasz ?? X');
    expect(() => font.widthOfTextAtSize(printable(font, 'Ꭿ 🦀 Ω'), 12)).not.toThrow();
  });

  it('shrinks then truncates to fit, and wraps into a bounded number of lines', () => {
    const long = 'A very long achievement name that will not fit on one line of a certificate at all';
    const fitted = fitText(font, long, 24, 200);
    expect(font.widthOfTextAtSize(fitted.text, fitted.size)).toBeLessThanOrEqual(200);
    expect(fitted.text.endsWith('…')).toBe(true);
    expect(fitText(font, 'Short', 24, 200)).toEqual({ text: 'Short', size: 24 });
    const lines = wrapText(font, `${long} ${long}`, 11, 150, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith('…')).toBe(true);
    for (const line of lines) expect(font.widthOfTextAtSize(line, 11)).toBeLessThanOrEqual(150);
  });
});

describe('printable with the embedded DejaVu font', () => {
  it('keeps Latin Extended, Greek and Cyrillic, replaces what the font lacks', async () => {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const font = await doc.embedFont(fontBytes('sans'), { subset: true });
    expect(printable(font, 'Łukasz Ελένη Дарья 日本')).toBe('Łukasz Ελένη Дарья ??');
  });
});
