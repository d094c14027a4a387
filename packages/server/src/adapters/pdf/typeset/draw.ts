import {
  beginText,
  endMarkedContent,
  endText,
  PDFHexString,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  PDFName,
  popGraphicsState,
  pushGraphicsState,
  setFillingColor,
  setFontAndSize,
  setLineWidth,
  setStrokingColor,
  setTextMatrix,
  setTextRenderingMode,
  setTextRise,
  TextRenderingMode,
  type PDFArray,
  type PDFPage,
  type RGB,
} from 'pdf-lib';
import type { EmbeddedFonts } from './embedded-fonts.js';
import type { ShapedLine, ShapedRun } from './shape.js';

export interface DrawOptions {
  x: number;
  y: number;
  size: number;
  color: RGB;
  /** Degrees, counter-clockwise about (x, y). */
  rotate?: number;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/**
 * The text operators of one run: a TJ array per stretch of glyphs on the baseline, the text rise for
 * marks HarfBuzz lifts or lowers; glyph offsets and advances come from the shaper, not the font's widths.
 */
function runOperators(page: PDFPage, run: ShapedRun, size: number): PDFOperator[] {
  const { face } = run;
  const k = 1000 / face.upem;
  const ops: PDFOperator[] = [];
  let items: Array<PDFHexString | PDFNumber> = [];
  let rise = 0;
  const flush = () => {
    if (items.length) ops.push(PDFOperator.of(PDFOperatorNames.ShowTextAdjusted, [page.doc.context.obj(items) as PDFArray]));
    items = [];
  };
  const shift = (units: number) => {
    const n = -Math.round(units * k * 100) / 100;
    if (n !== 0) items.push(PDFNumber.of(n));
  };
  const setRise = (units: number) => {
    flush();
    rise = units;
    ops.push(setTextRise(Math.round(((units * size) / face.upem) * 100) / 100));
  };
  for (const g of run.glyphs) {
    if (g.yOffset !== rise) setRise(g.yOffset);
    shift(g.xOffset);
    items.push(PDFHexString.of(hex4(g.id)));
    shift(g.xAdvance - g.xOffset - face.advance(g.id));
  }
  flush();
  if (rise !== 0) setRise(0);
  return ops;
}

/** `/Span << /ActualText (…) >> BDC`: pdf-lib's operator type has no dictionary operand, its writer does. */
function actualText(page: PDFPage, text: string): PDFOperator {
  const properties = page.doc.context.obj({ ActualText: PDFHexString.fromText(text) });
  return PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of('Span'), properties as unknown as PDFArray]);
}

/**
 * Draw a shaped line with (x, y) at the left end of its baseline. Each left-to-right run is wrapped in
 * a marked-content span whose ActualText is the run as written, so copying or extracting gives back
 * exactly the text even where glyphs were reordered or merged (Devanagari vowel signs, conjuncts).
 * Right-to-left runs are drawn in display order and rely on the ToUnicode map alone, which is what
 * extractors expect (they reverse right-to-left text themselves, and would reverse an ActualText too).
 */
export function drawLine(page: PDFPage, fonts: EmbeddedFonts, line: ShapedLine, o: DrawOptions): void {
  if (!line.runs.length) return;
  const ops: PDFOperator[] = [pushGraphicsState()];
  ops.push(beginText(), setFillingColor(o.color), setStrokingColor(o.color));
  const rad = ((o.rotate ?? 0) * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  let pen = 0;
  for (const run of line.runs) {
    const fontName = fonts.resourceName(page, run.face, run.glyphs);
    ops.push(setFontAndSize(fontName, o.size));
    if (run.face.syntheticBold) ops.push(setTextRenderingMode(TextRenderingMode.FillAndOutline), setLineWidth(o.size * 0.03));
    else ops.push(setTextRenderingMode(TextRenderingMode.Fill));
    ops.push(setTextMatrix(cos, sin, -sin, cos, o.x + pen * cos, o.y + pen * sin));
    if (!run.rtl) ops.push(actualText(page, run.text));
    ops.push(...runOperators(page, run, o.size));
    if (!run.rtl) ops.push(endMarkedContent());
    pen += (run.advance * o.size) / run.face.upem;
  }
  ops.push(endText(), popGraphicsState());
  page.pushOperators(...ops);
}
