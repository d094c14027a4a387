/** Which comes first in a numeric date written with slashes or dashes: the day (en-GB, fr) or the month (en-US). */
export type DateOrder = 'dmy' | 'mdy';
export const DATE_ORDERS = ['dmy', 'mdy'] as const;

export type BulkDate = { ok: true; iso: string } | { ok: false; code: 'date-invalid' | 'date-ambiguous' };

const ISO_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const NUMERIC = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/;

function utcDay(year: number, month: number, day: number): BulkDate {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return { ok: false, code: 'date-invalid' };
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > lastDay) return { ok: false, code: 'date-invalid' };
  return { ok: true, iso: new Date(Date.UTC(year, month - 1, day)).toISOString() };
}

/**
 * A date cell of a bulk CSV: `2026-06-30` (or a full ISO 8601 timestamp with a zone), `30.6.2026`
 * (always day first), or `30/06/2026` / `06/30/2026` read in the order of the person's locale. Without
 * a known order, a slash date is read only when one part is over 12; otherwise it is ambiguous.
 * Never reads loosely: 31/02 and 2026-02-30 are refused, not rolled into March.
 */
export function parseBulkDate(text: string, order?: DateOrder): BulkDate {
  const s = text.trim();
  let m = ISO_DAY.exec(s);
  if (m) return utcDay(Number(m[1]), Number(m[2]), Number(m[3]));
  if (ISO_TIME.test(s)) {
    const day = utcDay(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)));
    const t = Date.parse(s);
    return day.ok && !Number.isNaN(t) ? { ok: true, iso: new Date(t).toISOString() } : { ok: false, code: 'date-invalid' };
  }
  m = NUMERIC.exec(s);
  if (!m) return { ok: false, code: 'date-invalid' };
  const a = Number(m[1]);
  const b = Number(m[3]);
  const year = Number(m[4]);
  const dayFirst = m[2] === '.' ? true : order ? order === 'dmy' : a > 12 ? true : b > 12 ? false : undefined;
  if (dayFirst === undefined) return a === b ? utcDay(year, a, b) : { ok: false, code: 'date-ambiguous' };
  return dayFirst ? utcDay(year, b, a) : utcDay(year, a, b);
}
