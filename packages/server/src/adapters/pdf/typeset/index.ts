import type { PDFDocument, PDFPage, RGB } from 'pdf-lib';
import { drawLine } from './draw.js';
import { EmbeddedFonts } from './embedded-fonts.js';
import type { TextStyle } from './faces.js';
import { fitText, wrapText, type FitBox, type FittedText } from './fit.js';
import { shapeLine, type ShapedLine } from './shape.js';

export type { TextStyle } from './faces.js';
export type { FittedText, FitBox } from './fit.js';

/** The box a drawn line occupies, in points (for layout checks). */
export interface TextBox {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Text on a PDF in any script: shaped with HarfBuzz, right-to-left by the Unicode bidi algorithm,
 * set in the bundled fonts (subset per document), extractable. One per document; `finish` writes the fonts.
 */
export class Typesetter {
  private readonly fonts: EmbeddedFonts;
  readonly boxes: TextBox[] = [];

  constructor(doc: PDFDocument) {
    this.fonts = new EmbeddedFonts(doc);
  }

  shape(text: string, style: TextStyle): ShapedLine {
    return shapeLine(text, style);
  }

  fit(text: string, style: TextStyle, box: FitBox): FittedText {
    return fitText(text, style, box);
  }

  wrap(text: string, style: TextStyle, size: number, maxWidth: number, maxLines: number): ShapedLine[] {
    return wrapText(text, style, size, maxWidth, maxLines);
  }

  /** One line centred on `cx`, baseline at `y`. */
  centred(page: PDFPage, line: ShapedLine, cx: number, y: number, size: number, color: RGB): void {
    this.at(page, line, cx - line.width(size) / 2, y, size, color);
  }

  /** One line from `x`, baseline at `y`. */
  at(page: PDFPage, line: ShapedLine, x: number, y: number, size: number, color: RGB, extra: { rotate?: number } = {}): void {
    drawLine(page, this.fonts, line, { x, y, size, color, ...extra });
    if (!extra.rotate) this.boxes.push({ text: line.text, x, y: y + line.descent * size, width: line.width(size), height: (line.ascent - line.descent) * size });
  }

  /** A fitted block centred on `cx`, first baseline at `y`; returns the last baseline. */
  block(page: PDFPage, block: FittedText, cx: number, y: number, color: RGB): number {
    block.lines.forEach((line, i) => this.centred(page, line, cx, y - i * block.leading, block.size, color));
    return y - (block.lines.length - 1) * block.leading;
  }

  finish(): void {
    this.fonts.embedAll();
  }
}
