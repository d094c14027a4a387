/** What separates the cells of a CSV: comma (RFC 4180), semicolon (Excel in French and other comma-decimal locales) or tab. */
export type CsvDelimiter = ',' | ';' | '\t';

/**
 * The delimiter of a CSV, read from its header line: the candidate that occurs most often outside
 * quotes (a header has no numbers with decimal commas). A header with none of them is one column: comma.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts: Record<CsvDelimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length && i < 64 * 1024; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c] += 1;
  }
  const best = (Object.keys(counts) as CsvDelimiter[]).reduce((a, b) => (counts[b] > counts[a] ? b : a), ',');
  return counts[best] > 0 ? best : ',';
}
