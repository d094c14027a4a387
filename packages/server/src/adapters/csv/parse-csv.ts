import { parse } from 'csv-parse/sync';
import type { CsvParser } from '../../domain/bulk/ports.js';

/** RFC 4180 CSV with a header row (csv-parse): BOM stripped, blank lines skipped, cells trimmed. */
export const parseCsvRecords: CsvParser = (text, options) =>
  parse(text, { delimiter: options?.delimiter ?? ',', columns: true, bom: true, skip_empty_lines: true, trim: true, relax_column_count: true, max_record_size: 64 * 1024 }) as Record<string, string>[];
