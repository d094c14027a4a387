import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../../adapters/csv/parse-csv.js';
import { parseBadgrExport } from './parse-badgr-export.js';
import { parseImportCsv } from './parse-import-csv.js';
import { parseOb2Inputs } from './parse-ob2-inputs.js';
import { IMPORT_LIMITS } from './ports.js';

const assertion = (over: Record<string, unknown> = {}) => ({
  entityId: 'A1', openBadgeId: 'https://api.badgr.io/public/assertions/A1', badgeclass: 'B1',
  recipient: { identity: 'ada@example.org', hashed: false, type: 'email' }, issuedOn: '2021-05-01T08:00:00Z', ...over,
});
const classes = [{ entityId: 'B1', name: 'First Aid', description: 'Gives first aid' }];

describe('reading a Badgr export', () => {
  it('reads the API envelope or bare arrays, and keeps the OB 2.0 id as the original id', () => {
    const enveloped = parseBadgrExport({ badgeclasses: { status: {}, result: classes }, assertions: { result: [assertion()] } });
    expect(enveloped.items).toEqual([expect.objectContaining({ kind: 'award', originalId: 'https://api.badgr.io/public/assertions/A1', email: 'ada@example.org', issuedOn: '2021-05-01T08:00:00.000Z' })]);
    expect(parseBadgrExport({ badgeclasses: classes, assertions: [assertion({ openBadgeId: 'javascript:alert(1)' })] }).items[0]).toMatchObject({ originalId: 'badgr:A1' });
  });

  it('reports what an attacker or a broken export can put in an item, and refuses what is not an export', () => {
    const { items } = parseBadgrExport({
      badgeclasses: classes,
      assertions: [
        null,
        assertion({ badgeclass: 'nope' }),
        assertion({ recipient: { identity: 'sha256$abc', hashed: true, type: 'email' } }),
        assertion({ recipient: { identity: 'https://ada.example', type: 'url' } }),
        assertion({ issuedOn: 'yesterday' }),
        assertion({ revoked: true }),
        assertion({ entityId: 42, openBadgeId: undefined }),
      ],
    });
    expect(items.map((i) => i.kind)).toEqual(Array(7).fill('invalid'));
    expect(parseBadgrExport('x').error).toBeDefined();
    expect(parseBadgrExport({ __proto__: { assertions: [] }, badgeclasses: [] }).error).toBeDefined();
    expect(parseBadgrExport({ badgeclasses: [], assertions: Array(IMPORT_LIMITS.maxItems + 1).fill({}) }).error).toMatch(/at most/);
  });
});

describe('reading another provider\'s CSV', () => {
  it('maps columns, guesses the delimiter and reports bad rows one by one', () => {
    const csv = 'Id;Mail;Badge;Date\nx1;ada@example.org;Data;2020-09-15\nx2;bad;Data;2020-09-15\nx3;bob@example.org;;2020-09-15\nx4;cy@example.org;Data;15/09/2020\n';
    const { items, error } = parseImportCsv(parseCsvRecords, csv, { originalId: 'Id', email: 'Mail', achievement: 'Badge', issuedOn: 'Date' });
    expect(error).toBeUndefined();
    expect(items.map((i) => i.kind)).toEqual(['award', 'invalid', 'invalid', 'invalid']);
  });

  it('refuses a file it cannot read as a whole, never throws', () => {
    expect(parseImportCsv(parseCsvRecords, '"open,quote\n').error).toMatch(/could not be read/);
    expect(parseImportCsv(parseCsvRecords, 'a,b\n1,2\n').error).toMatch(/no column/);
    expect(parseImportCsv(parseCsvRecords, 'id,email,achievement,issued_on\n').error).toMatch(/no rows/);
    expect(parseImportCsv(parseCsvRecords, `id,email,achievement,issued_on\n${'x'.repeat(70_000)},a@example.org,A,2020-01-01\n`).error).toMatch(/could not be read/);
  });
});

describe('OB 2.0 inputs', () => {
  it('takes exactly one of url, assertion or image, and bounds images', () => {
    const { items } = parseOb2Inputs([{ url: 'https://x.example/a/1' }, { url: 'https://x.example/a/1', image: 'AAAA' }, { image: 'not base64!' }, { image: 'A'.repeat(IMPORT_LIMITS.maxImageBytes * 2) }, { assertion: [] }, { url: 'https://x.example/a/2', email: 'nope' }]);
    expect(items.map((i) => i.kind)).toEqual(['ob2', 'invalid', 'invalid', 'invalid', 'invalid', 'invalid']);
    expect(parseOb2Inputs([]).error).toBeDefined();
    expect(parseOb2Inputs({ length: 1 }).error).toBeDefined();
  });
});
