import { deflateSync } from 'node:zlib';
import { PDFNumber, PDFRawStream, PDFString, type PDFArray, type PDFDocument, type PDFName, type PDFPage, type PDFRef } from 'pdf-lib';
import type { LoadedFace } from './faces.js';

interface FaceUse {
  face: LoadedFace;
  ref: PDFRef;
  /** Glyph id → the text it stands for (first use wins). */
  glyphs: Map<number, string>;
}

/** The fonts one PDF draws with: each face is subset to the glyphs drawn and written as a Type 0 font. */
export class EmbeddedFonts {
  private readonly uses = new Map<string, FaceUse>();
  private readonly names = new Map<PDFPage, Map<string, PDFName>>();

  constructor(private readonly doc: PDFDocument) {}

  /** The font's object reference, reserved now, written by `embedAll`. */
  use(face: LoadedFace, glyphs: Iterable<{ id: number; text: string }>): PDFRef {
    let use = this.uses.get(face.key);
    if (!use) {
      use = { face, ref: this.doc.context.nextRef(), glyphs: new Map() };
      this.uses.set(face.key, use);
    }
    for (const g of glyphs) if (!use.glyphs.get(g.id)) use.glyphs.set(g.id, g.text);
    return use.ref;
  }

  /** The font's name in the page's resources (one per font and page). */
  resourceName(page: PDFPage, face: LoadedFace, glyphs: Iterable<{ id: number; text: string }>): PDFName {
    const ref = this.use(face, glyphs);
    let names = this.names.get(page);
    if (!names) this.names.set(page, (names = new Map()));
    let name = names.get(face.key);
    if (!name) names.set(face.key, (name = page.node.newFontDictionary('F', ref)));
    return name;
  }

  embedAll(): void {
    let n = 0;
    for (const use of this.uses.values()) writeFont(this.doc, use, subsetTag(n++));
  }
}

/** Six capital letters naming a subset (ISO 32000 9.6.4), distinct per font in the document. */
function subsetTag(n: number): string {
  let tag = '';
  for (let i = 0, v = n; i < 6; i++, v = Math.floor(v / 26)) tag = String.fromCharCode(65 + (v % 26)) + tag;
  return tag;
}

/** The `CFF ` table of an OpenType file (what a CIDFontType0C stream holds). */
function cffTable(otf: Uint8Array): Uint8Array {
  const view = new DataView(otf.buffer, otf.byteOffset, otf.byteLength);
  const count = view.getUint16(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    if (String.fromCharCode(...otf.subarray(at, at + 4)) === 'CFF ') return otf.subarray(view.getUint32(at + 8), view.getUint32(at + 8) + view.getUint32(at + 12));
  }
  throw new Error('no CFF table in the subset');
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');
const utf16Hex = (text: string) => [...text].map((c) => c.codePointAt(0)!).flatMap((cp) => (cp > 0xffff ? [0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff)] : [cp])).map(hex4).join('');

/** ToUnicode CMap: each glyph id (CID) to the text it was shaped from, so the text can be copied and searched. */
function toUnicode(glyphs: Map<number, string>): string {
  const entries = [...glyphs].filter(([, text]) => text).sort(([a], [b]) => a - b);
  const chunks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    chunks.push(`${chunk.length} beginbfchar\n${chunk.map(([id, text]) => `<${hex4(id)}> <${utf16Hex(text)}>`).join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <ffff>',
    'endcodespacerange',
    ...chunks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

function writeFont(doc: PDFDocument, use: FaceUse, tag: string): void {
  const { face, glyphs } = use;
  const context = doc.context;
  const scale = 1000 / face.upem;
  const ids = [...glyphs.keys()].sort((a, b) => a - b);
  const subset = face.subsetter.subset(ids);
  const baseFont = `${tag}+${face.postscriptName}`;
  // Deflated with Node's zlib (native), not pdf-lib's JavaScript deflate: most of a certificate's bytes.
  const deflated = (bytes: Uint8Array, extra: Record<string, string | number>) => {
    const data = deflateSync(bytes);
    return context.register(PDFRawStream.of(context.obj({ Filter: 'FlateDecode', Length: data.length, ...extra }), data));
  };
  const fontFile = face.outlines === 'cff' ? deflated(cffTable(subset), { Subtype: 'CIDFontType0C' }) : deflated(subset, { Length1: subset.length });
  const descriptor = context.register(
    context.obj({
      Type: 'FontDescriptor',
      FontName: baseFont,
      Flags: 4 | (face.italicAngle ? 64 : 0),
      FontBBox: face.bbox.map((v) => Math.round(v * scale)),
      ItalicAngle: face.italicAngle,
      Ascent: Math.round(face.ascender * scale),
      Descent: Math.round(face.descender * scale),
      CapHeight: Math.round(face.ascender * scale),
      StemV: face.syntheticBold ? 120 : 80,
      [face.outlines === 'cff' ? 'FontFile3' : 'FontFile2']: fontFile,
    }),
  );
  const widths = context.obj([]) as PDFArray;
  for (const id of ids) {
    widths.push(PDFNumber.of(id));
    widths.push(context.obj([Math.round(face.advance(id) * scale)]));
  }
  const cidFont = context.register(
    context.obj({
      Type: 'Font',
      Subtype: face.outlines === 'cff' ? 'CIDFontType0' : 'CIDFontType2',
      BaseFont: baseFont,
      CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
      FontDescriptor: descriptor,
      W: widths,
      ...(face.outlines === 'truetype' ? { CIDToGIDMap: 'Identity' } : {}),
    }),
  );
  const cmap = deflated(new TextEncoder().encode(toUnicode(glyphs)), {});
  context.assign(
    use.ref,
    context.obj({ Type: 'Font', Subtype: 'Type0', BaseFont: baseFont, Encoding: 'Identity-H', DescendantFonts: [cidFont], ToUnicode: cmap }),
  );
}
