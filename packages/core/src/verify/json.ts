import type { JsonObject } from '../contexts/bundled.js';

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

export function typesOf(value: unknown): string[] {
  return isObject(value) ? asArray(value.type).filter((t): t is string => typeof t === 'string') : [];
}

/** An absolute URI (any scheme): `https://…`, `did:…`, `urn:uuid:…`. */
export function isUri(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value);
}

export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return isObject(value) && typeof value.id === 'string' ? value.id : undefined;
}

/**
 * XML Schema 1.1 `dateTimeStamp` (a dateTime with a time zone), as VC DM 2.0 requires for validFrom /
 * validUntil: the specification's own regular expression (§4.9), anchored.
 */
export const DATE_TIME =
  /^-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|(24:00:00(\.0+)?))(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/;

/** The day exists in its month (JavaScript's Date.parse rolls 2023-02-29 over to March). */
function dayExists(value: string): boolean {
  const match = /^-?(\d{4,})-(\d{2})-(\d{2})T/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

export function isDateTime(value: unknown): value is string {
  return typeof value === 'string' && DATE_TIME.test(value) && dayExists(value) && !Number.isNaN(Date.parse(value));
}
