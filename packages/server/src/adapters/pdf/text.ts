import type { PDFFont } from 'pdf-lib';

/**
 * Characters the font has no glyph for (the embedded DejaVu fonts cover Latin, Greek and Cyrillic,
 * not CJK) are replaced by their base letter when they have one, else by '?', so any name prints
 * rather than failing the whole certificate.
 */
export function printable(font: PDFFont, text: string): string {
  const supported = new Set(font.getCharacterSet());
  let out = '';
  for (const char of text.normalize('NFC').replace(/[\r\n\t]+/g, ' ')) {
    if (supported.has(char.codePointAt(0)!)) {
      out += char;
      continue;
    }
    const base = char.normalize('NFD').replace(/\p{M}+/gu, '');
    out += [...base].every((c) => supported.has(c.codePointAt(0)!)) && base ? base : '?';
  }
  return out;
}

/** The largest size from `size` down to `minSize` at which the text fits; below that, truncated with an ellipsis. */
export function fitText(font: PDFFont, text: string, size: number, maxWidth: number, minSize = size * 0.6): { text: string; size: number } {
  let current = size;
  while (current > minSize && font.widthOfTextAtSize(text, current) > maxWidth) current -= 0.5;
  if (font.widthOfTextAtSize(text, current) <= maxWidth) return { text, size: current };
  let cut = text;
  while (cut.length > 1 && font.widthOfTextAtSize(`${cut}…`, current) > maxWidth) cut = cut.slice(0, -1);
  return { text: `${cut.trimEnd()}…`, size: current };
}

/** Word-wrap into at most `maxLines` lines; the last one ends in an ellipsis when text was left over. */
export function wrapText(font: PDFFont, text: string, size: number, maxWidth: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (!line || font.widthOfTextAtSize(candidate, size) <= maxWidth) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  const shown = lines.slice(0, maxLines).map((l) => fitText(font, l, size, maxWidth, size).text);
  if (lines.length > maxLines) shown[maxLines - 1] = fitText(font, `${lines[maxLines - 1]} ${lines[maxLines]}`, size, maxWidth, size).text;
  return shown;
}
