import { setImmediate as pause } from 'node:timers/promises';
import { parse as parseStream, type Options } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import type { AsyncCsvParser, CsvParser } from '../../domain/bulk/ports.js';

/** A cell (or a whole record) longer than this is refused: one huge field or an unclosed quote stops the parse there. */
const MAX_RECORD_BYTES = 64 * 1024;
const options = (delimiter: string | undefined): Options => ({
  delimiter: delimiter ?? ',', columns: true, bom: true, skip_empty_lines: true, trim: true, relax_column_count: true, max_record_size: MAX_RECORD_BYTES,
});

/** RFC 4180 CSV with a header row (csv-parse): BOM stripped, blank lines skipped, cells trimmed. */
export const parseCsvRecords: CsvParser = (text, o) => parse(text, options(o?.delimiter)) as unknown as Record<string, string>[];

/** Bytes handed to the parser between two pauses of the event loop (about a millisecond of parsing). */
export const CSV_PIECE_BYTES = 64 * 1024;

/**
 * `parseCsvRecords` fed `CSV_PIECE_BYTES` at a time with a pause of the event loop between pieces, so a 16 MiB
 * upload never holds it for long; it stops reading once it has `maxRecords` records.
 */
export const readCsvRecords: AsyncCsvParser = async (text, o) => {
  const parser = parseStream(options(o.delimiter));
  const records: Record<string, string>[] = [];
  parser.on('data', (record: Record<string, string>) => records.push(record));
  const ended = new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
  });
  ended.catch(() => undefined); // a write's callback reports the error first
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length && records.length < o.maxRecords; at += CSV_PIECE_BYTES) {
    await new Promise<void>((resolve, reject) => parser.write(bytes.subarray(at, at + CSV_PIECE_BYTES), (error) => (error ? reject(error) : resolve())));
    await pause();
  }
  if (records.length >= o.maxRecords) {
    parser.destroy();
    return records.slice(0, o.maxRecords);
  }
  parser.end();
  await ended;
  return records;
};
