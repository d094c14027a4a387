import { describe, expect, it } from 'vitest';
import { readBulkCsv, ROWS_PER_PAUSE } from '../../domain/bulk/parse-bulk-csv.js';
import { CSV_PIECE_BYTES, parseCsvRecords, readCsvRecords } from './parse-csv.js';

/** Counts the turns of the event loop while `work` runs (a task that re-queues itself with setImmediate). */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let running = true;
  const spin = () => {
    turns++;
    if (running) setImmediate(spin);
  };
  setImmediate(spin);
  const value = await work();
  running = false;
  return { value, turns };
}

const csv = ['name,email', ...Array.from({ length: 20_000 }, (_, i) => `Learner ${i},"learner-${i}@example.org"`)].join('\n');

describe('reading a large CSV without holding the event loop', () => {
  it('reads what the one-go parser reads, piece by piece, other work running between the pieces', async () => {
    const { value, turns } = await turnsDuring(() => readCsvRecords(csv, { maxRecords: 100_000 }));
    expect(value).toEqual(parseCsvRecords(csv));
    expect(turns).toBeGreaterThanOrEqual(Math.floor(Buffer.byteLength(csv) / CSV_PIECE_BYTES));
  });

  it('splits no character across pieces (multi-byte text at every boundary)', async () => {
    const text = ['name,email', ...Array.from({ length: 5000 }, (_, i) => `Élodie Ñúñez 東京 ${i},e${i}@example.org`)].join('\n');
    expect(await readCsvRecords(text, { maxRecords: 100_000 })).toEqual(parseCsvRecords(text));
  });

  it('stops reading at maxRecords', async () => {
    expect(await readCsvRecords(csv, { maxRecords: 10 })).toHaveLength(10);
  });

  it('fails on malformed input as the one-go parser does', async () => {
    await expect(readCsvRecords('name,email\n"unterminated,a@example.org\n', { maxRecords: 10 })).rejects.toThrow(/quote/i);
    await expect(readCsvRecords(`name,email\nA,"${'x'.repeat(200_000)}"\n`, { maxRecords: 10 })).rejects.toThrow(/max_record_size|record/i);
  });

  it('validates the rows a slice at a time, with the same answer as parseBulkCsv', async () => {
    const { value, turns } = await turnsDuring(() => readBulkCsv(readCsvRecords, csv));
    expect(value.rows).toHaveLength(20_000);
    expect(value.rows[19_999]).toMatchObject({ row: { row: 20_001, email: 'learner-19999@example.org' }, errors: [] });
    expect(turns).toBeGreaterThanOrEqual(20_000 / ROWS_PER_PAUSE);
  });
});
