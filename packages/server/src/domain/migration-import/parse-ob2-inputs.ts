import { email, isObject, text } from './item-fields.js';
import { IMPORT_LIMITS, type ImportItem } from './ports.js';

/**
 * OB 2.0 assertions handed over one by one: `{ url }`, `{ assertion }` (the JSON) or `{ image }` (a baked
 * PNG or SVG, base64), each with an optional `email` (needed when the assertion hashes its recipient:
 * it is checked against the hash). Nothing is fetched or verified here; the job does it per item.
 */
export function parseOb2Inputs(inputs: unknown): { items: ImportItem[]; error?: string } {
  if (!Array.isArray(inputs) || inputs.length === 0) return { items: [], error: 'send `assertions`: a non-empty array of {url}, {assertion} or {image}' };
  if (inputs.length > IMPORT_LIMITS.maxItems) return { items: [], error: `at most ${IMPORT_LIMITS.maxItems} assertions per import` };
  return { items: inputs.map((input, index) => itemOf(input, index)) };
}

function itemOf(input: unknown, index: number): ImportItem {
  const invalid = (reason: string): ImportItem => ({ index, kind: 'invalid', originalId: null, reason });
  if (!isObject(input)) return invalid('each assertion is an object: {url}, {assertion} or {image}');
  const given = ['url', 'assertion', 'image'].filter((k) => input[k] !== undefined);
  if (given.length !== 1) return invalid('give exactly one of url, assertion or image');
  const address = input.email === undefined ? null : email(input.email);
  if (input.email !== undefined && !address) return invalid('`email` is not an e-mail address');
  if (typeof input.url === 'string') {
    const url = text(input.url);
    return url && url.length <= 4096 ? { index, kind: 'ob2', input: { url }, email: address } : invalid('`url` must be a URL');
  }
  if (input.assertion !== undefined) {
    return isObject(input.assertion) ? { index, kind: 'ob2', input: { assertion: input.assertion }, email: address } : invalid('`assertion` must be the assertion\'s JSON object');
  }
  if (typeof input.image !== 'string') return invalid('`image` must be base64');
  // Size first, then one search for a character base64 does not use: a whole-string `^[…]+$` match on an
  // attacker's many-megabyte string can exhaust the regular expression engine's stack.
  if ((input.image.length * 3) / 4 > IMPORT_LIMITS.maxImageBytes) return invalid(`the image is larger than ${IMPORT_LIMITS.maxImageBytes} bytes`);
  if (input.image.length === 0 || /[^A-Za-z0-9+/=\s]/.test(input.image)) return invalid('`image` must be base64');
  return { index, kind: 'ob2', input: { image: input.image.replace(/\s/g, '') }, email: address };
}
