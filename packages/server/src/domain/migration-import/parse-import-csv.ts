import type { CsvParser } from '../bulk/ports.js';
import { email, httpUrl, isoDate, text } from './item-fields.js';
import { IMPORT_LIMITS, type ImportItem } from './ports.js';

/** Which header of the file holds each field. */
export interface CsvColumns {
  email: string;
  achievement: string;
  issuedOn: string;
  originalId: string;
  name?: string | undefined;
  description?: string | undefined;
  evidenceUrl?: string | undefined;
}

export const DEFAULT_CSV_COLUMNS: CsvColumns = { email: 'email', achievement: 'achievement', issuedOn: 'issued_on', originalId: 'id', name: 'name', description: 'description', evidenceUrl: 'evidence_url' };

/**
 * Rows of another provider's CSV export, mapped by `columns`. The original id is kept verbatim; dates
 * are ISO 8601 (a day or a date-time). A row that cannot be read becomes an `invalid` item (reported,
 * never issued); a file without one of the mapped required columns is refused as a whole.
 */
export function parseImportCsv(parseCsv: CsvParser, csv: string, columns: Partial<CsvColumns> = {}): { items: ImportItem[]; error?: string } {
  const c: CsvColumns = { ...DEFAULT_CSV_COLUMNS, ...columns };
  let records: Record<string, string>[];
  try {
    records = parseCsv(csv, { delimiter: guessDelimiter(csv) });
  } catch (error) {
    return { items: [], error: `the CSV could not be read: ${error instanceof Error ? error.message.slice(0, 200) : 'malformed'}` };
  }
  if (records.length === 0) return { items: [], error: 'the CSV has no rows' };
  if (records.length > IMPORT_LIMITS.maxItems) return { items: [], error: `at most ${IMPORT_LIMITS.maxItems} rows per import` };
  const headers = new Set(Object.keys(records[0] ?? {}));
  const missing = [c.email, c.achievement, c.issuedOn, c.originalId].filter((h) => !headers.has(h));
  if (missing.length > 0) return { items: [], error: `the CSV has no column ${missing.map((m) => `"${m}"`).join(', ')}; map the columns` };
  return { items: records.map((r, index) => rowItem(r, index, c)) };
}

function rowItem(r: Record<string, string>, index: number, c: CsvColumns): ImportItem {
  const originalId = text(r[c.originalId]);
  const invalid = (reason: string): ImportItem => ({ index, kind: 'invalid', originalId, reason });
  if (!originalId) return invalid(`the original id ("${c.originalId}") is empty`);
  const address = email(r[c.email]);
  if (!address) return invalid(`"${c.email}" is not an e-mail address`);
  const achievement = text(r[c.achievement]);
  if (!achievement) return invalid(`the achievement ("${c.achievement}") is empty`);
  const issuedOn = isoDate(r[c.issuedOn]);
  if (!issuedOn) return invalid(`"${c.issuedOn}" is not an ISO 8601 date (YYYY-MM-DD)`);
  return {
    index,
    kind: 'award',
    originalId,
    email: address,
    name: c.name ? text(r[c.name]) : null,
    achievement: { name: achievement, description: (c.description ? text(r[c.description]) : null) ?? achievement, criteriaNarrative: achievement, criteriaUrl: null },
    issuedOn,
    narrative: null,
    evidenceUrl: c.evidenceUrl ? httpUrl(r[c.evidenceUrl]) : null,
  };
}

function guessDelimiter(csv: string): ',' | ';' | '\t' {
  const first = csv.slice(0, csv.indexOf('\n') === -1 ? undefined : csv.indexOf('\n'));
  const counts = ([',', ';', '\t'] as const).map((d) => [d, first.split(d).length] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}
