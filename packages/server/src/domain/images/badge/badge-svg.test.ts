import { describe, expect, it } from 'vitest';
import { badgeSvg } from './badge-svg.js';
import { contrast, inkOn, normaliseHex } from './colours.js';
import { checkBadgeDesign } from './design.js';
import { BADGE_ICON_NAMES } from './icons.js';
import { BADGE_SHAPES } from './shapes.js';
import { fitText, textWidth } from './text-fit.js';

const design = { shape: 'circle', primary: '#2b6cb0', secondary: '#bee3f8', icon: 'star', title: 'Intro to Rust' };

describe('badge generator', () => {
  it('fits long titles by wrapping, shrinking, and squeezing as a last resort', () => {
    const short = fitText('Rust', { maxWidth: 340, maxLines: 3, maxSize: 52, minSize: 24, maxHeight: 110 });
    expect(short).toEqual({ lines: ['Rust'], fontSize: 52, squeezed: [] });
    const long = fitText('Advanced Distributed Systems Engineering Certificate', { maxWidth: 340, maxLines: 3, maxSize: 52, minSize: 24, maxHeight: 110 });
    expect(long.lines.length).toBeGreaterThan(1);
    expect(long.fontSize).toBeLessThan(52);
    for (const line of long.lines) expect(textWidth(line) * long.fontSize).toBeLessThanOrEqual(340);
    const word = fitText('x'.repeat(60), { maxWidth: 300, maxLines: 2, maxSize: 52, minSize: 24, maxHeight: 90 });
    expect(word.lines.join('')).toBe('x'.repeat(60));
    expect(word.lines.length).toBeLessThanOrEqual(2);
    expect(word.squeezed.length).toBeGreaterThan(0);
  });

  it('normalises colours and picks readable ink', () => {
    expect(normaliseHex('ABC')).toBe('#aabbcc');
    expect(normaliseHex('#2B6CB0')).toBe('#2b6cb0');
    expect(normaliseHex('red')).toBeNull();
    expect(normaliseHex('#12345')).toBeNull();
    for (const background of ['#ffffff', '#fefcbf', '#1a202c', '#2b6cb0', '#ff0000']) expect(contrast(inkOn(background), background)).toBeGreaterThanOrEqual(3.5);
  });

  it('escapes text and draws every shape and icon', () => {
    const svg = badgeSvg(checkBadgeDesign({ ...design, title: '</text><script>alert(1)</script>', subtitle: '"&\'' }));
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&#60;/text&#62;&#60;script&#62;');
    for (const shape of BADGE_SHAPES) {
      for (const icon of BADGE_ICON_NAMES) {
        const out = badgeSvg(checkBadgeDesign({ ...design, shape, icon }));
        expect(out).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="512" height="512"/);
        expect(out).not.toMatch(/NaN|undefined/);
      }
    }
  });

  it('rejects unknown shapes and icons, bad colours and control characters', () => {
    expect(() => checkBadgeDesign({ ...design, shape: 'star' })).toThrow(/not valid/);
    expect(() => checkBadgeDesign({ ...design, icon: '../etc' })).toThrow();
    expect(() => checkBadgeDesign({ ...design, primary: 'url(#x)' })).toThrow();
    expect(() => checkBadgeDesign({ ...design, title: 'a\u202Eb' })).toThrow();
    expect(checkBadgeDesign({ ...design, primary: '2B6CB0', title: '  spaced   out  ' })).toMatchObject({ primary: '#2b6cb0', title: 'spaced out', subtitle: null });
  });
});
