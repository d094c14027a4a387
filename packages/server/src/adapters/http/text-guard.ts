import type { FastifyInstance } from 'fastify';
import { AppError } from '../../domain/shared/errors.js';

/** A NUL, or a UTF-16 surrogate without its pair: text no database column (PostgreSQL text, jsonb) can hold. */
const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const MESSAGE = 'contains a NUL character or an unpaired UTF-16 surrogate, which text here cannot hold';

const pointer = (path: (string | number)[]): string => `/${path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

/** The JSON pointer of the first string (or object key) in `value` that cannot be stored, or null. */
export function unstorableText(value: unknown): string | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (UNSTORABLE.test(v)) return pointer(path);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ value: item, path: [...path, i] }));
    } else if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
      for (const [key, item] of Object.entries(v)) {
        if (UNSTORABLE.test(key)) return pointer([...path, key]);
        stack.push({ value: item, path: [...path, key] });
      }
    }
  }
  return null;
}

const refuse = (where: 'path' | 'query' | 'body', path: string): AppError =>
  new AppError('validation', `the ${where} ${MESSAGE}`, { fields: [{ path, message: `(in the ${where}) ${MESSAGE}` }] });

/**
 * Refuse, before authentication and before any handler, requests whose path, query or JSON body holds
 * text PostgreSQL refuses (a NUL byte; in jsonb, an unpaired surrogate) — a 400 problem on every
 * engine rather than a database error. The URL is checked on arrival, the parsed body before validation.
 */
export function refuseUnstorableText(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const url = request.raw.url ?? '';
    const q = url.indexOf('?');
    const [path, query] = q < 0 ? [url, ''] : [url.slice(0, q), url.slice(q + 1)];
    if (/%00|\0/i.test(path)) throw refuse('path', '/');
    if (/%00|\0/i.test(query)) throw refuse('query', '/');
  });
  app.addHook('preValidation', async (request) => {
    const where = unstorableText(request.params) ?? null;
    if (where) throw refuse('path', where);
    const inQuery = unstorableText(request.query);
    if (inQuery) throw refuse('query', inQuery);
    const inBody = unstorableText(request.body);
    if (inBody) throw refuse('body', inBody);
  });
}
