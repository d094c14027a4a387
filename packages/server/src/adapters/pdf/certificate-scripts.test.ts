import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderCertificate } from './certificate-pdf.js';
import { LONG_NAME, SCRIPT_NAMES, sampleFacts, sampleLook } from './certificate-samples.js';

const dir = mkdtempSync(join(tmpdir(), 'laurel-cert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bidi formatting marks poppler adds around right-to-left text (they are not characters of the name). */
const BIDI_MARKS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

function pdftotext(bytes: Uint8Array, ...args: string[]): string {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' });
}

interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word poppler finds on the page, with its box (top-left origin, points). */
function words(bytes: Uint8Array): Word[] {
  const html = pdftotext(bytes, '-bbox');
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
    text: m[5]!,
  }));
}

/** The text poppler extracts, one line per entry, bidi marks removed. */
const lines = (bytes: Uint8Array) => pdftotext(bytes).replace(BIDI_MARKS, '').split('\n').map((l) => l.trim());

const INSET = 32; // the inner frame

describe('certificate names in every script (pdftotext reads them back)', () => {
  it.each(Object.entries(SCRIPT_NAMES))('%s: the exact name, on the page, in its own font', async (script, name) => {
    const { bytes, text, page } = await renderCertificate(await sampleFacts(name), { size: 'a4', locale: 'en', createdAt: new Date('2026-03-01T00:00:00Z') });
    expect(lines(bytes), script).toContain(name);
    const file = join(dir, `${script}.pdf`);
    writeFileSync(file, bytes);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    for (const font of fonts) expect(font, 'every font embedded, subset, with a ToUnicode map').toMatch(/ yes yes yes /);
    for (const w of words(bytes)) {
      expect(w.xMin, w.text).toBeGreaterThanOrEqual(INSET);
      expect(w.xMax, w.text).toBeLessThanOrEqual(page.width - INSET);
    }
    const box = text.find((b) => b.text === name)!;
    expect(box.width).toBeGreaterThan(0);
  });

  it('a 120-character name shrinks and wraps, never clipped, never truncated, overlapping nothing (A4, Letter, branded portrait and landscape)', async () => {
    expect([...LONG_NAME]).toHaveLength(120);
    const layouts = [
      { size: 'a4', look: undefined },
      { size: 'letter', look: undefined },
      { size: 'a4', look: await sampleLook('portrait') },
      { size: 'letter', look: await sampleLook('landscape') },
    ] as const;
    for (const { size, look } of layouts) {
      const { bytes, text, page } = await renderCertificate({ ...(await sampleFacts(LONG_NAME)), look }, { size, locale: 'en', createdAt: new Date('2026-03-01T00:00:00Z') });
      const nameLines = text.filter((b) => LONG_NAME.includes(b.text) && b.text.length > 10);
      expect(nameLines.length).toBeGreaterThanOrEqual(2);
      expect(nameLines.map((b) => b.text).join(' ')).toBe(LONG_NAME);
      const extracted = lines(bytes).join(' ').replace(/\s+/g, ' ');
      expect(extracted).toContain(LONG_NAME);
      for (const b of text) {
        expect(b.x, b.text).toBeGreaterThanOrEqual(INSET);
        expect(b.x + b.width, b.text).toBeLessThanOrEqual(page.width - INSET);
        expect(b.y, b.text).toBeGreaterThanOrEqual(INSET);
        expect(b.y + b.height, b.text).toBeLessThanOrEqual(page.height - INSET);
      }
      for (const [i, a] of text.entries()) {
        for (const b of text.slice(i + 1)) {
          const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
          expect(overlap, `${a.text} / ${b.text}`).toBe(false);
        }
      }
      for (const w of words(bytes)) {
        expect(w.xMin, w.text).toBeGreaterThanOrEqual(INSET);
        expect(w.xMax, w.text).toBeLessThanOrEqual(page.width - INSET);
        expect(w.yMin, w.text).toBeGreaterThanOrEqual(INSET);
        expect(w.yMax, w.text).toBeLessThanOrEqual(page.height - INSET);
      }
    }
  });
});
