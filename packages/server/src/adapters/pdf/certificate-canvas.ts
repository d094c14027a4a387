import { rgb, type PDFDocument, type PDFPage, type RGB } from 'pdf-lib';
import type { CertificateLook } from '../../domain/certificates/ports.js';
import type { CertificateFacts } from '../../domain/public-pages/ports.js';
import type { Translator } from '../html/i18n/index.js';
import type { TextStyle, Typesetter } from './typeset/index.js';

/** One certificate being drawn: the page, its text engine, its colours and design. */
export interface Canvas {
  doc: PDFDocument;
  page: PDFPage;
  text: Typesetter;
  width: number;
  height: number;
  portrait: boolean;
  accent: RGB;
  ink: RGB;
  look: CertificateLook | undefined;
  facts: CertificateFacts;
  tr: Translator;
}

export const MUTED = rgb(0.38, 0.42, 0.48);

export const ACCENT: Record<string, RGB> = {
  badge: rgb(0.169, 0.424, 0.69),
  certificate: rgb(0.184, 0.522, 0.353),
  certification: rgb(0.592, 0.353, 0.086),
};

export function hexColor(hex: string): RGB {
  const n = Number.parseInt(hex.slice(1), 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}

/** One line, shrunk (never cut) to fit `maxWidth`, centred on `cx` (the page's centre by default). */
export function centred(c: Canvas, value: string, y: number, style: TextStyle, size: number, color: RGB, maxWidth = c.width - 200, cx = c.width / 2): void {
  const fitted = c.text.fit(value, style, { maxWidth, maxSize: size, minSize: size * 0.6, maxLines: 1 });
  c.text.block(c.page, fitted, cx, y, color);
}

/** One line from `x`, shrunk (never cut) to fit `maxWidth`. */
export function left(c: Canvas, value: string, x: number, y: number, style: TextStyle, size: number, color: RGB, maxWidth = 200): void {
  const fitted = c.text.fit(value, style, { maxWidth, maxSize: size, minSize: size * 0.6, maxLines: 1 });
  c.text.at(c.page, fitted.lines[0]!, x, y, fitted.size, color);
}
