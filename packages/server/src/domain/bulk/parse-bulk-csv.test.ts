import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../../adapters/csv/parse-csv.js';
import { parseBulkDate } from './bulk-dates.js';
import { detectDelimiter } from './csv-dialect.js';
import { parseBulkCsv } from './parse-bulk-csv.js';

describe('bulk CSV dates', () => {
  it('reads day-first and month-first dates by the locale, and refuses what is not a date', () => {
    expect(parseBulkDate('30/06/2026', 'dmy')).toEqual({ ok: true, iso: '2026-06-30T00:00:00.000Z' });
    expect(parseBulkDate('06/30/2026', 'mdy')).toEqual({ ok: true, iso: '2026-06-30T00:00:00.000Z' });
    expect(parseBulkDate('01/06/2026', 'dmy')).toEqual({ ok: true, iso: '2026-06-01T00:00:00.000Z' });
    expect(parseBulkDate('01/06/2026', 'mdy')).toEqual({ ok: true, iso: '2026-01-06T00:00:00.000Z' });
    expect(parseBulkDate('1.6.2026', 'mdy')).toEqual({ ok: true, iso: '2026-06-01T00:00:00.000Z' });
    expect(parseBulkDate('2026-06-30')).toEqual({ ok: true, iso: '2026-06-30T00:00:00.000Z' });
    expect(parseBulkDate('30/06/2026')).toEqual({ ok: true, iso: '2026-06-30T00:00:00.000Z' });
    expect(parseBulkDate('01/06/2026')).toEqual({ ok: false, code: 'date-ambiguous' });
    for (const bad of ['30/06/2026x', '2026-02-30', '31/02/2026', '13/13/2026', 'someday', '+275760-09-13', '00/01/2026']) expect(parseBulkDate(bad, 'dmy'), bad).toMatchObject({ ok: false, code: 'date-invalid' });
    expect(parseBulkDate('30/06/2026', 'mdy')).toEqual({ ok: false, code: 'date-invalid' });
  });
});

describe('parseBulkCsv', () => {
  it('takes the delimiter from the header line: comma, semicolon (French Excel), tab', () => {
    expect(detectDelimiter('Nom;Prénom;E-mail\r\nA;B;c@x.org')).toBe(';');
    expect(detectDelimiter('\ufeffname\temail\n')).toBe('\t');
    expect(detectDelimiter('"a;b",email\n')).toBe(',');
    expect(detectDelimiter('email\nx@y.org;z')).toBe(',');
  });

  it('reads a French Excel export: semicolons, Prénom/Nom combined, dd/mm/yyyy', () => {
    const { rows, warnings } = parseBulkCsv(parseCsvRecords, '\ufeffPrénom;Nom;Courriel;Date d’émission;Service\r\nÉlodie;Durand;elodie@example.org;30/06/2026;RH\r\n', { dateOrder: 'dmy' });
    expect(rows[0]).toMatchObject({ row: { row: 2, name: 'Élodie Durand', email: 'elodie@example.org', issuedOn: '2026-06-30T00:00:00.000Z' }, errors: [] });
    expect(warnings).toEqual([{ code: 'unknown-column', severity: 'warning', column: 'Service' }]);
  });

  it('reports errors with the file’s own headers, never a raw date, and duplicates', () => {
    const { rows } = parseBulkCsv(parseCsvRecords, 'First name,Last name,E-Mail Address,When\nAda,Lovelace,ada@example.org,30/06/2026\nAda,L,ADA@example.org,2026-01-01\nBob,,bob,31/02/2026\n');
    expect(rows[0]!.row.name).toBe('Ada Lovelace');
    expect(rows[0]!.errors).toEqual([]);
    expect(rows[1]!.issues).toEqual([{ code: 'duplicate-row', severity: 'error', column: 'E-Mail Address', row: 2 }]);
    expect(rows[2]!.issues.map((i) => [i.code, i.column])).toEqual([['email-invalid', 'E-Mail Address']]);
    expect(rows[2]!.errors[0]).toContain('column "E-Mail Address"');
  });

  it('names the issued-date column in date errors and hands on no text that is not a date', () => {
    const { rows } = parseBulkCsv(parseCsvRecords, 'email,Issued Date\na@example.org,30/06/2026\nb@example.org,03/04/2026\n');
    expect(rows[0]!.row.issuedOn).toBe('2026-06-30T00:00:00.000Z');
    expect(rows[1]!.row.issuedOn).toBeNull();
    expect(rows[1]!.issues).toEqual([{ code: 'date-ambiguous', severity: 'error', column: 'Issued Date', value: '03/04/2026' }]);
  });
});
