/**
 * Names the OpenAPI document's shared shapes after the route schemas' `$id`s (`{ $id: 'Credential' }`),
 * so /api/docs and the web app's generated types (packages/web/src/api/generated/openapi.ts) speak of
 * `components.schemas.Credential` rather than an inline copy in every route or a `def-12`.
 *
 * @fastify/swagger keeps a nested `$id` schema as a `def-N` component titled with its `$id`, and inlines
 * one at a route's root without any name. `transform` titles every `$id` schema of a route (on a copy:
 * the schemas Fastify validates with are not touched); `transformObject` then lifts each titled schema
 * into `components.schemas.<$id>` and points every use of it (and every `def-N` of it) there.
 */

import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import type { FastifySchema } from 'fastify';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A component name as OpenAPI allows it (`^[a-zA-Z0-9._-]+$`); a URL-like `$id` is left alone. */
const NAME = /^[A-Za-z][A-Za-z0-9._-]*$/;

export interface OpenApiComponents {
  transform: SwaggerTransform;
  transformObject: SwaggerTransformObject;
}

export function namedOpenApiComponents(): OpenApiComponents {
  const ids = new Set<string>();

  const titled = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(titled);
    if (!isObject(value)) return value;
    const copy: Json = {};
    for (const [key, inner] of Object.entries(value)) copy[key] = titled(inner);
    const id = value.$id;
    if (typeof id === 'string' && NAME.test(id) && copy.title === undefined) {
      copy.title = id;
      ids.add(id);
    }
    return copy;
  };

  return {
    transform: ({ schema, url }) => ({ schema: titled(schema) as FastifySchema, url }),

    transformObject: (documentObject) => {
      const doc = ('openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject) as Json;
      const components = (isObject(doc.components) ? doc.components : (doc.components = {})) as Json;
      const schemas = (isObject(components.schemas) ? components.schemas : (components.schemas = {})) as Json;

      // The def-N components that are an `$id` schema take its name.
      const renamed = new Map<string, string>();
      for (const [key, schema] of Object.entries(schemas)) {
        if (!isObject(schema) || typeof schema.title !== 'string' || !ids.has(schema.title) || key === schema.title) continue;
        if (schemas[schema.title] !== undefined) continue;
        renamed.set(`#/components/schemas/${key}`, `#/components/schemas/${schema.title}`);
        schemas[schema.title] = schema;
        delete schemas[key];
      }

      const seen = new Map<string, string>();
      for (const [name, schema] of Object.entries(schemas)) seen.set(name, JSON.stringify(schema));

      // Every other titled schema becomes a reference to its component (the first one seen is kept;
      // a different schema under the same `$id` stays inline rather than be misnamed).
      const lift = (value: unknown, inComponent: string | null): unknown => {
        if (Array.isArray(value)) return value.map((item) => lift(item, inComponent));
        if (!isObject(value)) return value;
        if (typeof value.$ref === 'string' && renamed.has(value.$ref)) return { ...value, $ref: renamed.get(value.$ref) };
        const out: Json = {};
        for (const [key, inner] of Object.entries(value)) out[key] = lift(inner, inComponent);
        const title = out.title;
        if (typeof title === 'string' && ids.has(title) && title !== inComponent) {
          const text = JSON.stringify(out);
          const known = seen.get(title);
          if (known === undefined) {
            seen.set(title, text);
            schemas[title] = out;
            return { $ref: `#/components/schemas/${title}` };
          }
          if (known === text) return { $ref: `#/components/schemas/${title}` };
        }
        return out;
      };

      for (const [name, schema] of Object.entries(schemas)) schemas[name] = lift(schema, name);
      for (const key of Object.keys(doc)) if (key !== 'components') doc[key] = lift(doc[key], null);
      return doc;
    },
  };
}
