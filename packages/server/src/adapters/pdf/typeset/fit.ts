import type { TextStyle } from './faces.js';
import { shapeLine, type ShapedLine } from './shape.js';

/** Lines shaped and sized to fit a box: nothing is cut, the size goes down and the text wraps instead. */
export interface FittedText {
  lines: ShapedLine[];
  size: number;
  /** Baseline to baseline, in points. */
  leading: number;
  /** From the first baseline to the last, plus one size: the block's height. */
  height: number;
}

export interface FitBox {
  maxWidth: number;
  maxSize: number;
  /** Below this a single line wraps rather than shrinking further. */
  minSize: number;
  /** The floor for wrapped lines (default: `minSize`); below it, one more line. */
  minWrappedSize?: number;
  maxLines: number;
  /** Height available to the whole block (limits the size of wrapped lines). */
  maxHeight?: number;
}

const LEADING = 1.2;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;

/** Where a line may break: after a space, or between two ideographs; failing both, between any two graphemes. */
function breakPoints(text: string): Array<{ end: number; next: number }> {
  const graphemes = [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text)];
  const points: Array<{ end: number; next: number }> = [];
  for (let i = 1; i < graphemes.length; i++) {
    const before = graphemes[i - 1]!.segment;
    const at = graphemes[i]!;
    if (/\s/u.test(before) && !/\s/u.test(at.segment)) {
      let end = at.index;
      while (end > 0 && /\s/u.test(text[end - 1]!)) end--;
      if (end > 0) points.push({ end, next: at.index });
    } else if (!/\s/u.test(at.segment) && !/\s/u.test(before) && (CJK.test(before) || CJK.test(at.segment))) points.push({ end: at.index, next: at.index });
  }
  if (points.length) return points;
  return graphemes.slice(1).map((g) => ({ end: g.index, next: g.index }));
}

/**
 * Split into `count` lines, as even as can be: break points are chosen on the widths measured once on
 * the whole line (no re-shaping per candidate, so a long name costs one pass), then each line is shaped.
 */
function split(text: string, style: TextStyle, count: number): ShapedLine[] {
  const whole = shapeLine(text, style);
  if (count === 1) return [whole];
  const points = breakPoints(whole.text);
  if (!points.length) return [whole];
  const total = whole.width(1);
  const chosen: Array<{ end: number; next: number }> = [];
  for (let k = 1; k < count; k++) {
    const target = (total * k) / count;
    const after = chosen.at(-1)?.next ?? 0;
    let best: { end: number; next: number } | undefined;
    let bestDistance = Infinity;
    for (const p of points) {
      if (p.end <= after) continue;
      const distance = Math.abs(whole.widthBefore(p.end) - target);
      if (distance < bestDistance) [best, bestDistance] = [p, distance];
    }
    if (!best) break;
    chosen.push(best);
  }
  const bounds = [{ end: 0, next: 0 }, ...chosen];
  return bounds.map((b, i) => shapeLine(whole.text.slice(b.next, chosen[i]?.end ?? whole.text.length), style));
}

/** Baseline to baseline per point of size: 1.2, or more where a face's ascender and descender need it. */
const leadingOf = (lines: ShapedLine[]): number => Math.max(LEADING, ...lines.map((l) => l.ascent - l.descent));

const sizeFor = (lines: ShapedLine[], box: FitBox): number => {
  const widest = Math.max(...lines.map((l) => l.width(1)), 1e-6);
  const byHeight = box.maxHeight === undefined ? Infinity : box.maxHeight / (1 + leadingOf(lines) * (lines.length - 1));
  return Math.floor(Math.min(box.maxSize, box.maxWidth / widest, byHeight) * 4) / 4;
};

const fitted = (lines: ShapedLine[], size: number): FittedText => ({ lines, size, leading: size * leadingOf(lines), height: size * (1 + leadingOf(lines) * (lines.length - 1)) });

/**
 * The largest size (down to `minSize`) at which the text fits on one line; else on two, three… up to
 * `maxLines`; past that, the last try at whatever size fits, so a name is never truncated or clipped.
 */
export function fitText(text: string, style: TextStyle, box: FitBox): FittedText {
  let last: FittedText | undefined;
  for (let count = 1; count <= box.maxLines; count++) {
    const lines = split(text, style, count);
    const size = sizeFor(lines, box);
    last = fitted(lines, size);
    const floor = count === 1 ? box.minSize : (box.minWrappedSize ?? box.minSize);
    if (size >= floor || lines.length < count) return last;
  }
  return last!;
}

/** Greedy word wrap at a fixed size into at most `maxLines`; text left over ends the last line with an ellipsis. */
export function wrapText(text: string, style: TextStyle, size: number, maxWidth: number, maxLines: number): ShapedLine[] {
  const source = text.trim().replace(/\s+/gu, ' ');
  const points = [...breakPoints(source), { end: source.length, next: source.length }];
  const lines: Array<{ start: number; end: number }> = [];
  let start = 0;
  while (start < source.length && lines.length < maxLines) {
    let fit: { end: number; next: number } | undefined;
    for (const p of points) {
      if (p.end <= start) continue;
      if (fit && shapeLine(source.slice(start, p.end), style).width(size) > maxWidth) break;
      fit = p;
    }
    lines.push({ start, end: fit!.end });
    start = fit!.next;
  }
  const shaped = lines.map((l) => shapeLine(source.slice(l.start, l.end), style));
  const last = shaped.at(-1);
  if (!last || (start >= source.length && last.width(size) <= maxWidth)) return shaped;
  let cut = [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(last.text)].map((g) => g.segment);
  const withEllipsis = () => shapeLine(`${cut.join('').trimEnd()}…`, style);
  while (cut.length > 1 && withEllipsis().width(size) > maxWidth) cut = cut.slice(0, -1);
  return [...shaped.slice(0, -1), withEllipsis()];
}
