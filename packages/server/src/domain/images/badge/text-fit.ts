/**
 * Fitting text into a width without measuring a font: widths are estimated per character for a bold
 * sans-serif (DejaVu Sans Bold, the font Laurel renders with) on the generous side, and a line that
 * may still be too wide is given an SVG `textLength` so the renderer squeezes it into place.
 */
const NARROW = new Set([..." ilj.,:;'!|I"]);
const SLIM = new Set([...'frt()[]{}-/\\"`*']);
const WIDE = new Set([...'mwMW@%']);

/** Estimated advance of one character, in em. */
export function charWidth(ch: string): number {
  if (NARROW.has(ch)) return 0.36;
  if (SLIM.has(ch)) return 0.5;
  if (WIDE.has(ch)) return 1.05;
  const code = ch.codePointAt(0)!;
  if (code >= 0x2e80) return 1.02; // CJK and beyond: full width
  if (ch >= '0' && ch <= '9') return 0.72;
  if (ch !== ch.toLowerCase()) return 0.8;
  return 0.7;
}

/** Estimated width of a string, in em. */
export const textWidth = (text: string): number => [...text].reduce((sum, ch) => sum + charWidth(ch), 0);

export interface FitOptions {
  maxWidth: number;
  maxLines: number;
  maxSize: number;
  minSize: number;
  /** Height the block of lines may take, in pixels, at `lineHeight` (default 1.12) times the size. */
  maxHeight?: number;
  lineHeight?: number;
}

export interface FittedText {
  lines: string[];
  fontSize: number;
  /** Lines (by index) that must be squeezed to `maxWidth` with `textLength`. */
  squeezed: number[];
}

/** Break a word wider than `budget` em into pieces that fit. */
function splitWord(word: string, budget: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const ch of word) {
    if (piece && textWidth(piece + ch) > budget) {
      pieces.push(piece);
      piece = '';
    }
    piece += ch;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/** Greedy word wrap to lines of at most `budget` em. */
export function wrap(text: string, budget: number): string[] {
  const words = text.split(/\s+/).filter(Boolean).flatMap((w) => (textWidth(w) > budget ? splitWord(w, budget) : [w]));
  const lines: string[] = [];
  for (const word of words) {
    const last = lines[lines.length - 1];
    if (last !== undefined && textWidth(`${last} ${word}`) <= budget) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** What of `text` follows `lines` (which may have split a word), spaces as they were. */
function restAfter(text: string, lines: string[]): string {
  let skip = lines.join('').replace(/ /g, '').length;
  let i = 0;
  for (; i < text.length && skip > 0; i++) if (text[i] !== ' ') skip--;
  return text.slice(i).trim();
}

/** The largest font size at which `text` wraps into `maxLines`; at the smallest, the overflow is squeezed. */
export function fitText(text: string, o: FitOptions): FittedText {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean) return { lines: [], fontSize: o.maxSize, squeezed: [] };
  for (let size = o.maxSize; size >= o.minSize; size -= 2) {
    const lines = wrap(clean, o.maxWidth / size);
    const tallEnough = o.maxHeight === undefined || lines.length * size * (o.lineHeight ?? 1.12) <= o.maxHeight;
    if (lines.length <= o.maxLines && tallEnough) return { lines, fontSize: size, squeezed: [] };
  }
  const size = o.minSize;
  const room = o.maxHeight === undefined ? o.maxLines : Math.max(1, Math.floor(o.maxHeight / (size * (o.lineHeight ?? 1.12))));
  const maxLines = Math.min(o.maxLines, room);
  const all = wrap(clean, o.maxWidth / size);
  const lines = all.slice(0, maxLines - 1);
  lines.push(restAfter(clean, lines));
  const squeezed = lines.flatMap((line, i) => (textWidth(line) * size > o.maxWidth ? [i] : []));
  return { lines, fontSize: size, squeezed };
}
