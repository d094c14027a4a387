import type { JsonObject } from '../contexts/bundled.js';
import { fail, pass, type Check } from './report.js';

/** The validity window (validFrom/validUntil, or VC 1.1 issuanceDate/expirationDate) against `now`. */
export function validityCheck(doc: JsonObject, now: Date): Check {
  const from = doc.validFrom ?? doc.issuanceDate;
  const until = doc.validUntil ?? doc.expirationDate;
  const fromMs = typeof from === 'string' ? Date.parse(from) : Number.NaN;
  const untilMs = typeof until === 'string' ? Date.parse(until) : Number.NaN;
  if (from !== undefined && Number.isNaN(fromMs)) return fail('validity', `validFrom ${String(from)} is not a date`);
  if (until !== undefined && Number.isNaN(untilMs)) return fail('validity', `validUntil ${String(until)} is not a date`);
  const t = now.getTime();
  if (!Number.isNaN(fromMs) && t < fromMs) return fail('validity', `not valid yet: valid from ${String(from)}`);
  if (!Number.isNaN(untilMs) && t >= untilMs) return fail('validity', `expired at ${String(until)}`);
  if (!Number.isNaN(fromMs) && !Number.isNaN(untilMs) && untilMs < fromMs) return fail('validity', 'validUntil is before validFrom');
  return pass('validity', until === undefined ? 'valid from its issue date, no expiry' : `valid until ${String(until)}`);
}
