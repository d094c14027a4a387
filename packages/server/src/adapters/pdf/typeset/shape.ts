import bidiModule, { type Bidi } from 'bidi-js';
import * as hb from 'harfbuzzjs';
import { cjkRegionOf, faceStack, type FaceStack, type LoadedFace, type TextStyle } from './faces.js';

// bidi-js is CommonJS: Node hands its factory over as the default export, TypeScript sees a namespace.
const bidiFactory = (typeof bidiModule === 'function' ? bidiModule : (bidiModule as { default: () => Bidi }).default) as () => Bidi;
const bidi = bidiFactory();

/**
 * One glyph, positioned in font units. `text` is what it stands for in the ToUnicode map (empty for the
 * rest of a cluster); in a right-to-left run it is written in display order, as text extractors
 * (poppler, pdf.js) read right-to-left glyphs left to right and then reverse them.
 */
export interface ShapedGlyph {
  id: number;
  /** Index (UTF-16) in the line's text of the cluster the glyph belongs to. */
  cluster: number;
  text: string;
  xAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** A run of one face and one direction, its glyphs left to right. */
export interface ShapedRun {
  face: LoadedFace;
  rtl: boolean;
  /** The run's characters in logical order. */
  text: string;
  glyphs: ShapedGlyph[];
  /** Font units. */
  advance: number;
}

/** A line ready to draw: runs in visual order (left to right), `text` in logical order. */
export interface ShapedLine {
  text: string;
  runs: ShapedRun[];
  /** Width in points at `size`. */
  width(size: number): number;
  /** The width at size 1 of the text before `end` (a UTF-16 index), in one pass over the glyphs. */
  widthBefore(end: number): number;
  /** The faces' ascender and descender (negative) per point of size: the line's box. */
  ascent: number;
  descent: number;
}

const FOLLOWS_BASE = /^[\p{M}\u200c\u200d\ufe00-\ufe0f]$/u;
const COMMON = /^[\p{Script=Common}\p{Script=Inherited}]$/u;

function scriptFace(char: string, stack: FaceStack): LoadedFace | undefined {
  if (/\p{Script=Arabic}/u.test(char)) return stack.arabic;
  if (/\p{Script=Hebrew}/u.test(char)) return stack.hebrew;
  if (/\p{Script=Devanagari}/u.test(char)) return stack.devanagari;
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u.test(char)) return stack.cjk;
  return undefined;
}

/** The face of each character (UTF-16 index), marks and joiners staying with their base. */
function facesOf(text: string, stack: FaceStack): LoadedFace[] {
  const all = [stack.primary, stack.arabic, stack.hebrew, stack.devanagari, stack.cjk];
  const out: LoadedFace[] = [];
  let previous: LoadedFace | undefined;
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    let face: LoadedFace | undefined;
    if (previous && (FOLLOWS_BASE.test(char) || (COMMON.test(char) && previous.has(cp)))) face = previous;
    face ??= scriptFace(char, stack);
    if (face && !face.has(cp)) face = undefined;
    face ??= all.find((f) => f.has(cp)) ?? stack.primary;
    for (let i = 0; i < char.length; i++) out.push(face);
    previous = face;
  }
  return out;
}

function shapeRun(text: string, start: number, end: number, face: LoadedFace, rtl: boolean): ShapedRun {
  const buffer = new hb.Buffer();
  buffer.addText(text, start, end - start);
  buffer.setDirection(rtl ? hb.Direction.RTL : hb.Direction.LTR);
  buffer.guessSegmentProperties();
  hb.shape(face.font, buffer);
  const infos = buffer.getGlyphInfos();
  const positions = buffer.getGlyphPositions();
  // A cluster's text spans from its start to the next cluster start in logical order.
  const starts = [...new Set(infos.map((g) => g.cluster))].sort((a, b) => a - b);
  const next = new Map(starts.map((s, i) => [s, starts[i + 1] ?? end]));
  const seen = new Set<number>();
  const glyphs: ShapedGlyph[] = [];
  let advance = 0;
  // Glyphs come out in visual order; the first glyph of a cluster in logical order carries its text.
  const logical = rtl ? infos.map((_, i) => infos.length - 1 - i) : infos.map((_, i) => i);
  const carrier = new Map<number, number>();
  for (const i of logical) {
    const cluster = infos[i]!.cluster;
    if (!seen.has(cluster)) {
      seen.add(cluster);
      carrier.set(i, cluster);
    }
  }
  infos.forEach((info, i) => {
    const p = positions[i]!;
    const cluster = carrier.get(i);
    const chars = cluster === undefined ? '' : text.slice(cluster, next.get(cluster));
    glyphs.push({ id: info.codepoint, cluster: info.cluster, text: rtl ? [...chars].reverse().join('') : chars, xAdvance: p.xAdvance, xOffset: p.xOffset, yOffset: p.yOffset });
    advance += p.xAdvance;
  });
  return { face, rtl, text: text.slice(start, end), glyphs, advance };
}

/**
 * Shape one line: bidi levels (Unicode Bidirectional Algorithm, bidi-js), a face per character by
 * script, then HarfBuzz per run (Arabic joining, Devanagari conjuncts and reordering, kerning), runs
 * reordered for display.
 */
export function shapeLine(input: string, style: TextStyle): ShapedLine {
  const text = input.normalize('NFC').replace(/[\r\n\t\u2028\u2029]+/g, ' ');
  const stack = faceStack(style, cjkRegionOf(text));
  if (!text) return { text, runs: [], width: () => 0, widthBefore: () => 0, ascent: 0, descent: 0 };
  const embedding = bidi.getEmbeddingLevels(text);
  const { levels } = embedding;
  const faces = facesOf(text, stack);
  const runs: Array<{ start: number; end: number }> = [];
  for (let i = 0; i < text.length; i++) {
    const last = runs.at(-1);
    if (last && levels[i] === levels[last.start] && faces[i] === faces[last.start]) last.end = i + 1;
    else runs.push({ start: i, end: i + 1 });
  }
  // The visual order of characters, then of runs (a run is contiguous in it).
  const order = [...Array(text.length).keys()];
  for (const [from, to] of bidi.getReorderSegments(text, embedding)) {
    order.splice(from, to - from + 1, ...order.slice(from, to + 1).reverse());
  }
  const runOf = new Array<number>(text.length);
  runs.forEach((r, n) => runOf.fill(n, r.start, r.end));
  const visual: number[] = [];
  for (const i of order) if (visual.at(-1) !== runOf[i] && !visual.includes(runOf[i]!)) visual.push(runOf[i]!);
  const shaped = visual.map((n) => shapeRun(text, runs[n]!.start, runs[n]!.end, faces[runs[n]!.start]!, (levels[runs[n]!.start]! & 1) === 1));
  return {
    text,
    runs: shaped,
    width: (size) => shaped.reduce((sum, r) => sum + (r.advance * size) / r.face.upem, 0),
    widthBefore: (end) => shaped.reduce((sum, r) => sum + r.glyphs.reduce((w, g) => (g.cluster < end ? w + g.xAdvance : w), 0) / r.face.upem, 0),
    ascent: Math.max(...shaped.map((r) => r.face.ascender / r.face.upem)),
    descent: Math.min(...shaped.map((r) => r.face.descender / r.face.upem)),
  };
}
