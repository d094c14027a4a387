import type { JsonObject } from '../contexts/bundled.js';
import { fail, pass, type Check } from './report.js';

/** The validity window (validFrom/validUntil, or VC 1.1 issuanceDate/expirationDate) against `now`. */
export function validityCheck(doc: JsonObject, now: Date): Check {
  const from = doc.validFrom ?? doc.issuanceDate;
  const until = doc.validUntil ?? doc.expirationDate;
  const fromMs = typeof from === 'string' ? Date.parse(from) : Number.NaN;
  const untilMs = typeof until === 'string' ? Date.parse(until) : Number.NaN;
  if (from !== undefined && Number.isNaN(fromMs)) return fail('validity', 'validity-date-invalid', `validFrom ${String(from)} is not a date`, { field: 'validFrom', value: String(from) });
  if (until !== undefined && Number.isNaN(untilMs)) return fail('validity', 'validity-date-invalid', `validUntil ${String(until)} is not a date`, { field: 'validUntil', value: String(until) });
  const t = now.getTime();
  if (!Number.isNaN(fromMs) && t < fromMs) return fail('validity', 'not-yet-valid', `not valid yet: valid from ${String(from)}`, { date: String(from) });
  if (!Number.isNaN(untilMs) && t >= untilMs) return fail('validity', 'expired', `expired at ${String(until)}`, { date: String(until) });
  if (!Number.isNaN(fromMs) && !Number.isNaN(untilMs) && untilMs < fromMs) return fail('validity', 'validity-window-inverted', 'validUntil is before validFrom');
  return until === undefined ? pass('validity', 'valid-no-expiry', 'valid from its issue date, no expiry') : pass('validity', 'valid-until', `valid until ${String(until)}`, { date: String(until) });
}
