import { Ajv, type Options } from 'ajv';
import formatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { compiledOnce } from './compiled-once.js';

const common: Options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false };

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ ...common, ...options });
  // ajv-formats is CommonJS: its default export arrives wrapped under NodeNext interop.
  const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (a: Ajv) => Ajv;
  addFormats(ajv);
  return ajv;
}

/**
 * Bodies are validated strictly (a string is never coerced from a number, unknown fields are
 * refused); query strings and path parameters are coerced, since they arrive as text.
 */
export function validatorCompiler(): FastifySchemaCompiler<unknown> {
  let strict: Ajv | undefined;
  let coercing: Ajv | undefined;
  return ({ schema, httpPart }) => {
    // Compiled once per process (compiled-once.ts); the app's own Ajv instances compile what is new.
    if (httpPart === 'body') return compiledOnce(`strict ${JSON.stringify(schema)}`, () => (strict ??= makeAjv({ coerceTypes: false })).compile(schema as object));
    return compiledOnce(`coercing ${JSON.stringify(schema)}`, () => (coercing ??= makeAjv({ coerceTypes: 'array' })).compile(schema as object));
  };
}
