/**
 * The "shape" of a JSON-LD document: its structure with every string value replaced by a class.
 *
 * Kept verbatim (part of the shape): keys, array lengths, numbers, booleans, null, the whole
 * `@context` values and the `type` / `@type` values (they select type-scoped contexts).
 * Every other string is a *leaf* whose class is what JSON-LD's IRI expansion looks at:
 * - `i:<scheme>:/` or `i:<scheme>:` for strings matching JSON-LD's absolute-IRI test (scheme,
 *   and whether `//` follows the first colon, decide the branch `expandIri` takes);
 * - `s` for every other string (relative IRIs, blank node ids, text).
 */

/** jsonld.js `url.isAbsolute`, character for character. */
const ABSOLUTE_IRI = /^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$/;

const VERBATIM_KEYS = new Set(['@context', 'type', '@type']);

export interface Leaf {
  value: string;
  cls: string;
}

export interface Shape {
  key: string;
  leaves: Leaf[];
}

/** Thrown for values JSON-LD would not receive from JSON (Date, Map, functions…): no fast path. */
export class UnsupportedValue extends Error {}

export function classOf(value: string): string {
  const colon = value.indexOf(':');
  // No colon: never an absolute IRI (the common case for text, so no regular expression).
  if (colon < 0 || !ABSOLUTE_IRI.test(value) || value.startsWith('_:')) return 's';
  return `i:${value.slice(0, colon)}:${value.startsWith('//', colon + 1) ? '/' : ''}`;
}

/** JSON-quoted object keys, memoised (documents of one kind reuse a few dozen keys); bounded. */
const quotedKeys = new Map<string, string>();

function quoted(key: string): string {
  let out = quotedKeys.get(key);
  if (out === undefined) {
    out = JSON.stringify(key);
    if (quotedKeys.size < 4096) quotedKeys.set(key, out);
  }
  return out;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function scalar(value: unknown): string {
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return String(JSON.stringify(value));
  throw new UnsupportedValue(typeof value);
}

/** Shape key and leaves, in a fixed depth-first order that {@link rebuild} follows too. */
export function shapeOf(document: unknown): Shape {
  const leaves: Leaf[] = [];
  const walk = (value: unknown): string => {
    if (typeof value === 'string') {
      const cls = classOf(value);
      leaves.push({ value, cls });
      return `$${cls}`;
    }
    if (value === null || typeof value !== 'object') return scalar(value);
    if (Array.isArray(value)) {
      let out = '[';
      // A hole stays empty, as `map` + `join` wrote it (it is not an `undefined` element).
      for (let i = 0; i < value.length; i++) out += `${i === 0 ? '' : ','}${i in value ? walk(value[i]) : ''}`;
      return `${out}]`;
    }
    if (!isPlainObject(value)) throw new UnsupportedValue('object');
    let out = '{';
    for (const k of Object.keys(value)) {
      const v = value[k];
      out += `${quoted(k)}:${VERBATIM_KEYS.has(k) ? `=${JSON.stringify(v)}` : walk(v)},`;
    }
    return `${out}}`;
  };
  const key = walk(document);
  return { key, leaves };
}

/** A copy of `document` whose leaf `i` (in {@link shapeOf} order) is `replace(i, value)`. */
export function rebuild(document: unknown, replace: (index: number, value: string) => string): unknown {
  let index = 0;
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return replace(index++, value);
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(walk);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = VERBATIM_KEYS.has(k) ? structuredClone(v) : walk(v);
    return out;
  };
  return walk(document);
}
