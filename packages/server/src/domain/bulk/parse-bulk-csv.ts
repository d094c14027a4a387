import { AppError } from '../shared/errors.js';
import { isEmail, isHttpUrl } from '../shared/validation.js';
import { parseBulkDate, type DateOrder } from './bulk-dates.js';
import { detectDelimiter } from './csv-dialect.js';
import type { AsyncCsvParser, BulkIssue, BulkRow, CsvParser } from './ports.js';
import { pauseForLoop } from '../shared/pause-for-loop.js';

/** Rows of one bulk CSV (issue 18: a MOOC's 100,000 certificates in one upload). */
export const MAX_BULK_ROWS = 100_000;

/** Accepted header names for each column, English and French (case, spacing and accents ignored). */
const COLUMNS = {
  name: ['name', 'recipient name', 'recipient_name', 'full name', 'full_name', 'nom complet', 'nom et prenom', 'prenom et nom'],
  firstName: ['first name', 'first_name', 'firstname', 'given name', 'given_name', 'prenom'],
  lastName: ['last name', 'last_name', 'lastname', 'surname', 'family name', 'family_name', 'nom', 'nom de famille'],
  email: ['email', 'e-mail', 'e mail', 'mail', 'recipient email', 'recipient_email', 'email address', 'e-mail address', 'courriel', 'adresse e-mail', 'adresse email', 'adresse mail', 'adresse electronique'],
  evidenceUrl: ['evidence', 'evidence url', 'evidence_url', 'preuve', 'url de la preuve', 'lien de la preuve'],
  narrative: ['narrative', 'note', 'commentaire', 'recit'],
  issuedOn: ['issued', 'issued date', 'issued_date', 'issued on', 'issued_on', 'date', "date d'emission", "date d'obtention", 'emis le', 'delivre le'],
} as const;
type Field = keyof typeof COLUMNS;

export interface ParsedRow {
  row: BulkRow;
  /** Why the row will not be awarded, in English (`issues` has the same as codes). */
  errors: string[];
  /** What the issuer should know about a row that will be awarded, in English. */
  warnings: string[];
  issues: BulkIssue[];
}

export interface ParsedCsv {
  rows: ParsedRow[];
  /** File-level warnings: columns that are not read. */
  warnings: BulkIssue[];
}

/** Header text compared without case, accents, curly apostrophes or repeated spaces. */
const norm = (h: string) =>
  h.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[’‘]/g, "'").trim().toLowerCase().replace(/\s+/g, ' ');

const q = (s: string) => `"${s}"`;

/** The English text of an issue; the web app shows its own translation from the code. */
export function issueMessage(i: BulkIssue): string {
  const col = i.column ? `column ${q(i.column)}: ` : '';
  switch (i.code) {
    case 'email-missing': return `${col}email is missing`;
    case 'email-invalid': return `${col}${q(i.value ?? '')} is not an email address`;
    case 'evidence-url-invalid': return `${col}evidence URL must be an http(s) URL`;
    case 'date-invalid': return `${col}issued date ${q(i.value ?? '')} is not a date (use YYYY-MM-DD or DD/MM/YYYY)`;
    case 'date-ambiguous': return `${col}issued date ${q(i.value ?? '')} could be day/month or month/day (use YYYY-MM-DD)`;
    case 'duplicate-row': return `same e-mail as row ${i.row}: this row is not awarded again`;
    case 'already-holds': return 'this recipient already holds this achievement; a new credential is awarded';
    case 'unsubscribed': return 'this recipient unsubscribed from award e-mails: the credential is awarded without an e-mail';
    case 'unknown-column': return `column ${q(i.column ?? '')} is not read`;
  }
}

/** Rows validated between two pauses of `readBulkCsv` (a few milliseconds of work). */
export const ROWS_PER_PAUSE = 2000;

/**
 * Reads a bulk-award CSV (name or first and last name, email, evidence URL, narrative, issued date)
 * and validates every row; nothing is issued here. The delimiter (comma, semicolon, tab) is taken
 * from the header line. Row numbers count the header as row 1, as spreadsheets show them. Errors
 * name the file's own headers.
 */
export function parseBulkCsv(parse: CsvParser, text: string, options: { dateOrder?: DateOrder | undefined } = {}): ParsedCsv {
  const reader = rowReader(readRecords(() => parse(text, { delimiter: detectDelimiter(text) })), options);
  return { rows: reader.records.map(reader.check), warnings: reader.warnings };
}

/**
 * `parseBulkCsv` for up to `MAX_BULK_ROWS` rows without holding the event loop: the parser yields as it reads
 * (`AsyncCsvParser`), and the rows are validated `ROWS_PER_PAUSE` at a time with a pause between.
 */
export async function readBulkCsv(parse: AsyncCsvParser, text: string, options: { dateOrder?: DateOrder | undefined } = {}): Promise<ParsedCsv> {
  let records: Record<string, string>[];
  try {
    records = await parse(text, { delimiter: detectDelimiter(text), maxRecords: MAX_BULK_ROWS + 1 });
  } catch (error) {
    throw unreadable(error);
  }
  const reader = rowReader(records, options);
  const rows: ParsedRow[] = [];
  for (let i = 0; i < reader.records.length; i++) {
    if (i > 0 && i % ROWS_PER_PAUSE === 0) await pauseForLoop();
    rows.push(reader.check(reader.records[i]!, i));
  }
  return { rows, warnings: reader.warnings };
}

const unreadable = (error: unknown) =>
  new AppError('validation', `the CSV could not be read: ${error instanceof Error ? error.message : String(error)}`, { fields: [{ path: '/csv', message: 'not valid CSV' }] });

function readRecords(read: () => Record<string, string>[]): Record<string, string>[] {
  try {
    return read();
  } catch (error) {
    throw unreadable(error);
  }
}

/** The file's columns and warnings, and the check of one record (row numbers count the header as row 1). */
function rowReader(records: Record<string, string>[], options: { dateOrder?: DateOrder | undefined }) {
  if (records.length === 0) throw new AppError('validation', 'the CSV has no rows', { fields: [{ path: '/csv', message: 'no rows under the header' }] });
  if (records.length > MAX_BULK_ROWS) {
    throw new AppError('validation', `at most ${MAX_BULK_ROWS} rows per import: split the file`, { fields: [{ path: '/csv', message: `too many rows (at most ${MAX_BULK_ROWS})` }] });
  }
  const headers = Object.keys(records[0]!);
  const column = (names: readonly string[]) => headers.find((h) => (names as readonly string[]).includes(norm(h)));
  const cols = Object.fromEntries(Object.entries(COLUMNS).map(([k, names]) => [k, column(names)])) as Record<Field, string | undefined>;
  if (!cols.email) throw new AppError('validation', 'the CSV needs an "email" column', { fields: [{ path: '/csv', message: `columns found: ${headers.join(', ')}` }] });
  const known = new Set(Object.values(cols).filter((h): h is string => h !== undefined));
  const warnings: BulkIssue[] = headers.filter((h) => h.trim() !== '' && !known.has(h)).map((h) => ({ code: 'unknown-column', severity: 'warning', column: h }));

  const firstRowOf = new Map<string, number>();
  const check = (record: Record<string, string>, i: number): ParsedRow => {
    const get = (k: Field) => {
      const v = cols[k] ? record[cols[k]!]?.trim() : undefined;
      return v ? v : null;
    };
    const row = i + 2;
    const issues: BulkIssue[] = [];
    const error = (code: BulkIssue['code'], column: string | undefined, value?: string) => issues.push({ code, severity: 'error', column: column ?? null, ...(value !== undefined ? { value } : {}) });
    const email = (get('email') ?? '').toLowerCase();
    if (!email) error('email-missing', cols.email);
    else if (!isEmail(email)) error('email-invalid', cols.email, email);
    else if (firstRowOf.has(email)) issues.push({ code: 'duplicate-row', severity: 'error', column: cols.email ?? null, row: firstRowOf.get(email)! });
    else firstRowOf.set(email, row);
    const evidenceUrl = get('evidenceUrl');
    if (evidenceUrl && !isHttpUrl(evidenceUrl)) error('evidence-url-invalid', cols.evidenceUrl, evidenceUrl);
    let issuedOn = get('issuedOn');
    if (issuedOn) {
      const date = parseBulkDate(issuedOn, options.dateOrder);
      if (date.ok) issuedOn = date.iso;
      else {
        error(date.code, cols.issuedOn, issuedOn);
        issuedOn = null; // never hand on text that is not a date
      }
    }
    const name = get('name') ?? ([get('firstName'), get('lastName')].filter((p) => p !== null).join(' ') || null);
    return { row: { row, name, email, evidenceUrl, narrative: get('narrative'), issuedOn }, issues, ...messages(issues) };
  };
  return { records, warnings, check };
}

export function messages(issues: BulkIssue[]): { errors: string[]; warnings: string[] } {
  return {
    errors: issues.filter((i) => i.severity === 'error').map(issueMessage),
    warnings: issues.filter((i) => i.severity === 'warning').map(issueMessage),
  };
}
