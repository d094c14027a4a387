import * as hb from 'harfbuzzjs';
import { CJK_FACES, fontBytes, type CjkRegion, type FontFile } from '../../fonts/bundled-fonts.js';
import { subsetFile, type SubsetFace } from '../../fonts/hb-subset.js';

/** One font face, loaded once per process: HarfBuzz shapes with it, hb-subset cuts it per PDF. */
export interface LoadedFace {
  key: string;
  postscriptName: string;
  /** `cff`: CID-keyed CFF outlines (the CJK collection), whose CIDs are its glyph ids. */
  outlines: 'truetype' | 'cff';
  upem: number;
  ascender: number;
  descender: number;
  /** Font units: [xMin, yMin, xMax, yMax]. */
  bbox: [number, number, number, number];
  italicAngle: number;
  /** Drawn with a stroke to stand in for a bold weight the file does not have. */
  syntheticBold: boolean;
  font: hb.Font;
  has(codePoint: number): boolean;
  advance(glyphId: number): number;
  subsetter: SubsetFace;
}

const files = new Map<FontFile, { blob: hb.Blob; subset: ReturnType<typeof subsetFile> }>();
const faces = new Map<string, LoadedFace>();

function fileOf(name: FontFile) {
  let file = files.get(name);
  if (!file) {
    const bytes = fontBytes(name);
    file = { blob: new hb.Blob(bytes), subset: subsetFile(bytes) };
    files.set(name, file);
  }
  return file;
}

const int16 = (table: Uint8Array, at: number) => new DataView(table.buffer, table.byteOffset, table.byteLength).getInt16(at);
const fixed = (table: Uint8Array, at: number) => new DataView(table.buffer, table.byteOffset, table.byteLength).getInt32(at) / 65536;

/** A face of a bundled file, loaded on first use. */
export function loadFace(name: FontFile, index = 0, syntheticBold = false): LoadedFace {
  const key = `${name}#${index}${syntheticBold ? '+bold' : ''}`;
  const known = faces.get(key);
  if (known) return known;
  const file = fileOf(name);
  const face = new hb.Face(file.blob, index);
  const font = new hb.Font(face);
  const head = face.referenceTable('head')!;
  const post = face.referenceTable('post');
  const extents = font.hExtents();
  const outlines = face.referenceTable('CFF ') ? 'cff' : 'truetype';
  const loaded: LoadedFace = {
    key,
    postscriptName: face.getName(6, 'en').replace(/[^A-Za-z0-9-]/g, '') || name,
    outlines,
    upem: face.upem,
    ascender: extents.ascender,
    descender: extents.descender,
    bbox: [int16(head, 36), int16(head, 38), int16(head, 40), int16(head, 42)],
    italicAngle: post ? fixed(post, 4) : 0,
    syntheticBold,
    font,
    has: (codePoint) => font.nominalGlyph(codePoint) !== undefined,
    advance: (glyphId) => font.glyphHAdvance(glyphId),
    subsetter: file.subset.face(index, outlines === 'truetype'),
  };
  faces.set(key, loaded);
  return loaded;
}

export type TextStyle = 'title' | 'name' | 'serifItalic' | 'sans' | 'sansBold';

const LATIN: Record<TextStyle, FontFile> = { title: 'serifBold', name: 'serifBoldItalic', serifItalic: 'serifItalic', sans: 'sans', sansBold: 'sansBold' };
const BOLD: Record<TextStyle, boolean> = { title: true, name: true, serifItalic: false, sans: false, sansBold: true };

/** The faces a style draws with, by script: Latin/Greek/Cyrillic first, then each script's own face. */
export interface FaceStack {
  primary: LoadedFace;
  arabic: LoadedFace;
  hebrew: LoadedFace;
  devanagari: LoadedFace;
  cjk: LoadedFace;
}

export function faceStack(style: TextStyle, region: CjkRegion): FaceStack {
  const bold = BOLD[style];
  return {
    primary: loadFace(LATIN[style]),
    arabic: loadFace(bold ? 'arabicBold' : 'arabic'),
    hebrew: loadFace(bold ? 'hebrewBold' : 'hebrew'),
    devanagari: loadFace(bold ? 'devanagariBold' : 'devanagari'),
    cjk: loadFace('cjk', CJK_FACES[region], bold),
  };
}

/** Which CJK glyph forms a text wants: Japanese with kana, Korean with hangul, else Simplified Chinese. */
export function cjkRegionOf(text: string): CjkRegion {
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) return 'jp';
  if (/\p{Script=Hangul}/u.test(text)) return 'kr';
  return 'sc';
}
