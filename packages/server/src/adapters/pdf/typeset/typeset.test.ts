import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import { CJK_FACES } from '../../fonts/bundled-fonts.js';
import { loadFace } from './faces.js';
import { fitText, wrapText } from './fit.js';
import { shapeLine } from './shape.js';

const textOf = (line: ReturnType<typeof shapeLine>) => line.runs.map((r) => r.text);

describe('shaping and bidi', () => {
  it('lays a right-to-left name out right to left, a Latin part inside it left to right', () => {
    const line = shapeLine('محمد Smith', 'name');
    // The paragraph is right-to-left (its first strong letter is Arabic): Smith is drawn first, on the left.
    expect(textOf(line)).toEqual(['Smith', 'محمد ']);
    expect(line.runs.map((r) => r.rtl)).toEqual([false, true]);
    expect(line.runs[1]!.face.postscriptName).toBe('NotoNaskhArabic-Bold');
  });

  it('joins Arabic letters (contextual forms, not the isolated ones) and maps them back to the letters', () => {
    const word = shapeLine('محمد', 'sans').runs[0]!;
    const isolated = shapeLine('م', 'sans').runs[0]!.glyphs[0]!.id;
    // Right to left: the glyph drawn last (rightmost) is the initial meem, joined to what follows.
    expect(word.glyphs.at(-1)!.id).not.toBe(isolated);
    expect(word.glyphs.map((g) => g.text).join('')).toBe([...'محمد'].reverse().join(''));
  });

  it('reorders Devanagari: the i vowel sign is drawn before its consonant, its cluster keeps the text', () => {
    const run = shapeLine('कि', 'sans').runs[0]!;
    const face = loadFace('devanagari');
    expect(run.glyphs).toHaveLength(2);
    // The consonant is the second glyph; the first is a vowel sign (a variant sized to the consonant).
    expect(run.glyphs[1]!.id).toBe(face.font.nominalGlyph(0x0915));
    expect(run.glyphs[0]!.id).not.toBe(face.font.nominalGlyph(0x0915));
    expect(run.glyphs.map((g) => g.text).join('')).toBe('कि');
  });

  it('picks the CJK glyph forms by the name: kana → Japanese, hangul → Korean, else Chinese', () => {
    expect(shapeLine('山田 はなこ', 'name').runs[0]!.face.postscriptName).toBe('NotoSansCJKjp-Regular');
    expect(shapeLine('김민준', 'name').runs[0]!.face.postscriptName).toBe('NotoSansCJKkr-Regular');
    expect(shapeLine('王小明', 'name').runs[0]!.face.postscriptName).toBe('NotoSansCJKsc-Regular');
    // A face has no bold: the bold styles stroke the outline instead.
    expect(shapeLine('王小明', 'name').runs[0]!.face.syntheticBold).toBe(true);
    expect(shapeLine('王小明', 'sans').runs[0]!.face.syntheticBold).toBe(false);
  });

  it('draws characters no font has (emoji, Ethiopic, private use) without failing', () => {
    const line = shapeLine('Ada 🦀 ሀ \u{10fffd}', 'name');
    expect(line.runs.map((r) => r.text).join('')).toBe('Ada 🦀 ሀ \u{10fffd}');
    expect(line.width(20)).toBeGreaterThan(0);
  });
});

describe('the CJK subset keeps CIDs equal to the glyph ids the content stream writes', () => {
  it.each(Object.entries(CJK_FACES))('%s', (_region, index) => {
    const face = loadFace('cjk', index);
    const ids = ['王', '明', 'は', '김', '體'].map((c) => face.font.nominalGlyph(c.codePointAt(0)!)!);
    const subset = fontkit.create(face.subsetter.subset(ids)) as unknown as { 'CFF ': { isCIDFont: boolean; topDict: { charset: { glyphs: number[] } } } };
    expect(subset['CFF '].isCIDFont).toBe(true);
    expect(subset['CFF '].topDict.charset.glyphs).toEqual([...ids].sort((a, b) => a - b));
  });
});

describe('fitting names', () => {
  const box = { maxWidth: 600, maxSize: 40, minSize: 24, minWrappedSize: 16, maxLines: 3, maxHeight: 80 };

  it('keeps a short name at full size on one line', () => {
    const fitted = fitText('Ada Lovelace', 'name', box);
    expect(fitted.lines).toHaveLength(1);
    expect(fitted.size).toBe(40);
  });

  it('shrinks a longer name before wrapping it', () => {
    const fitted = fitText('Anna Guadalupe Konstantinopoulou', 'name', box);
    expect(fitted.lines).toHaveLength(1);
    expect(fitted.size).toBeLessThan(40);
    expect(fitted.size).toBeGreaterThanOrEqual(24);
    expect(fitted.lines[0]!.width(fitted.size)).toBeLessThanOrEqual(600);
  });

  it('attack: 200 characters without a space still fit, whole, in the box', () => {
    const name = 'W'.repeat(200);
    const fitted = fitText(name, 'name', box);
    expect(fitted.lines.map((l) => l.text).join('')).toBe(name);
    for (const line of fitted.lines) expect(line.width(fitted.size)).toBeLessThanOrEqual(600);
    expect(fitted.height).toBeLessThanOrEqual(80.5);
  });

  it('breaks Chinese between ideographs, Latin at spaces', () => {
    const fitted = fitText('欧阳'.repeat(40), 'name', box);
    expect(fitted.lines.length).toBeGreaterThan(1);
    expect(fitted.lines.map((l) => l.text).join('')).toBe('欧阳'.repeat(40));
  });

  it('wraps a description into the lines allowed, ending in an ellipsis when text is left', () => {
    const lines = wrapText('word '.repeat(200), 'sans', 11, 300, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.text.endsWith('…')).toBe(true);
    for (const line of lines) expect(line.width(11)).toBeLessThanOrEqual(300);
    expect(wrapText('Short text.', 'sans', 11, 300, 2).map((l) => l.text)).toEqual(['Short text.']);
  });
});
