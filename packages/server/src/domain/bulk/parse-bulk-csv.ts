import { AppError } from '../shared/errors.js';
import { isEmail, isHttpUrl } from '../shared/validation.js';
import type { BulkRow, CsvParser } from './ports.js';

export const MAX_BULK_ROWS = 10_000;

/** Accepted header names for each column (case and spacing ignored). */
const COLUMNS = {
  name: ['name', 'recipient name', 'recipient_name', 'full name'],
  email: ['email', 'e-mail', 'recipient email', 'recipient_email'],
  evidenceUrl: ['evidence', 'evidence url', 'evidence_url'],
  narrative: ['narrative', 'note'],
  issuedOn: ['issued', 'issued date', 'issued_date', 'issued on', 'issued_on', 'date'],
} as const;

export interface ParsedRow {
  row: BulkRow;
  errors: string[];
}

const norm = (h: string) => h.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * Reads a bulk-award CSV (name, email, evidence URL, narrative, issued date) and validates every
 * row; nothing is issued here. Row numbers count the header as row 1, as spreadsheets show them.
 */
export function parseBulkCsv(parse: CsvParser, text: string): ParsedRow[] {
  let records: Record<string, string>[];
  try {
    records = parse(text);
  } catch (error) {
    throw new AppError('validation', `the CSV could not be read: ${error instanceof Error ? error.message : String(error)}`, { fields: [{ path: '/csv', message: 'not valid CSV' }] });
  }
  if (records.length === 0) throw new AppError('validation', 'the CSV has no rows', { fields: [{ path: '/csv', message: 'no rows under the header' }] });
  if (records.length > MAX_BULK_ROWS) throw new AppError('validation', `at most ${MAX_BULK_ROWS} rows per import`, { fields: [{ path: '/csv', message: 'too many rows' }] });
  const headers = Object.keys(records[0]!);
  const column = (names: readonly string[]) => headers.find((h) => names.includes(norm(h)));
  const cols = Object.fromEntries(Object.entries(COLUMNS).map(([k, names]) => [k, column(names)])) as Record<keyof typeof COLUMNS, string | undefined>;
  if (!cols.email) throw new AppError('validation', 'the CSV needs an "email" column', { fields: [{ path: '/csv', message: `columns found: ${headers.join(', ')}` }] });

  return records.map((record, i) => {
    const get = (k: keyof typeof COLUMNS) => {
      const v = cols[k] ? record[cols[k]!]?.trim() : undefined;
      return v ? v : null;
    };
    const errors: string[] = [];
    const email = (get('email') ?? '').toLowerCase();
    if (!email) errors.push('email is missing');
    else if (!isEmail(email)) errors.push(`"${email}" is not an email address`);
    const evidenceUrl = get('evidenceUrl');
    if (evidenceUrl && !isHttpUrl(evidenceUrl)) errors.push('evidence URL must be an http(s) URL');
    let issuedOn = get('issuedOn');
    if (issuedOn) {
      const t = Date.parse(issuedOn);
      if (Number.isNaN(t)) errors.push(`issued date "${issuedOn}" is not a date (use YYYY-MM-DD)`);
      else issuedOn = new Date(t).toISOString();
    }
    return { row: { row: i + 2, name: get('name'), email, evidenceUrl, narrative: get('narrative'), issuedOn }, errors };
  });
}
