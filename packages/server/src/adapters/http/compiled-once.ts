import { createRequire } from 'node:module';

/**
 * Compiled request validators and response serializers, shared by every app this process builds: the same
 * schema (by content) under the same settings compiles to the same pure function. A server builds one app;
 * a test worker builds hundreds, and compiling their schemas was most of the CPU each took to start (~0.5 s).
 */
const compiled = new Map<string, unknown>();

export function compiledOnce<T>(key: string, compile: () => T): T {
  if (compiled.has(key)) return compiled.get(key) as T;
  const made = compile();
  compiled.set(key, made);
  return made;
}

type Serializer = (data: unknown) => string;
type FastJsonStringify = (schema: unknown, options: Record<string, unknown>) => Serializer;
// The serializer Fastify itself uses (its own dependency, resolved from it).
const fastJsonStringify = createRequire(createRequire(import.meta.url).resolve('fastify'))('fast-json-stringify') as FastJsonStringify;

/**
 * Fastify's default serializer builder (@fastify/fast-json-stringify-compiler), compiling each response schema
 * once per process. As there, a response schema with a shared schema's `$id` is compiled without that shared
 * schema, and so is every later one of the app.
 */
export function sharedSerializerBuilder(externalSchemas: unknown, serializerOpts: unknown) {
  let external = externalSchemas as Record<string, unknown> | undefined;
  const options = serializerOpts as Record<string, unknown> | undefined;
  return ({ schema }: { schema?: unknown }): Serializer => {
    const id = (schema as { $id?: string } | undefined)?.$id;
    if (external && id && external[id]) {
      external = { ...external };
      delete external[id];
    }
    const shared = external;
    return compiledOnce(`serializer ${JSON.stringify([schema, shared, options])}`, () => fastJsonStringify(schema, { ...options, schema: shared }));
  };
}
