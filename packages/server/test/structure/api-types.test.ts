import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_TYPES_FILE, openApiDocument, renderApiTypes } from '../support/api-types.js';

/**
 * The web app's API types are generated from the server's OpenAPI document, so they cannot drift from
 * the route schemas: this fails when the committed file is not what the schemas give today, and when
 * a list the console iterates over (roles, statuses, events…) is not exactly its schema's enum.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The web app's modules are read as vitest runs them; not imported by name, as packages/server's tsc resolves modules the Node way and the web's the bundler way. */
const WEB_API = resolve(dirname(fileURLToPath(import.meta.url)), '../../../web/src/api');
const webModule = async (name: string): Promise<Record<string, readonly string[]>> => import(resolve(WEB_API, name));

let doc: Json;
let web: Record<string, readonly string[]>;
beforeAll(async () => {
  doc = await openApiDocument();
  web = { ...(await webModule('types.ts')), ...(await webModule('credential-tools.ts')), ...(await webModule('oauth.ts')) };
}, 120_000);

const json = (response: Json | undefined): Json => response?.content?.['application/json']?.schema;
const component = (name: string): Json => doc.components.schemas[name];
const deref = (schema: Json): Json => (typeof schema.$ref === 'string' ? component(schema.$ref.replace('#/components/schemas/', '')) : schema);
const sorted = (values: readonly string[]) => [...values].sort();

describe('the web app API types (packages/web/src/api/generated/openapi.ts)', () => {
  it('are what `npm run gen:api-types` makes of the route schemas today', async () => {
    const expected = await renderApiTypes(doc);
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    // A plain comparison keeps the failure short; the message says what to do.
    expect(committed === expected, 'packages/web/src/api/generated/openapi.ts is out of date with the route schemas: run `npm run gen:api-types` and commit it').toBe(true);
  }, 60_000);

  it('name every shared schema after its $id (no anonymous def-N components)', () => {
    const names = Object.keys(doc.components.schemas);
    expect(names.filter((n) => /^def-\d+$/.test(n))).toEqual([]);
    for (const name of ['Session', 'Organisation', 'Member', 'Invitation', 'ApiKey', 'Issuer', 'IssuerKey', 'Achievement', 'Credential', 'BulkImport', 'BackpackItem', 'WalletOffer', 'Webhook', 'WebhookAttempt', 'GettingStarted']) {
      expect(names, name).toContain(name);
    }
    expect(json(doc.paths['/api/v1/credentials/{id}'].get.responses['200'])).toEqual({ $ref: '#/components/schemas/Credential' });
  });
});

describe('the console constant lists are their schema enums', () => {
  const cases: [string, string, () => unknown][] = [
    ['ROLES (members)', 'ROLES', () => component('Member').properties.role.enum],
    ['ROLES (session)', 'ROLES', () => component('Session').properties.role.anyOf.find((s: Json) => s.enum)?.enum],
    ['ROLES (API keys)', 'ROLES', () => component('ApiKey').properties.role.enum],
    ['ACHIEVEMENT_KINDS', 'ACHIEVEMENT_KINDS', () => component('Achievement').properties.kind.enum],
    ['CREDENTIAL_STATUSES', 'CREDENTIAL_STATUSES', () => component('Credential').properties.status.enum],
    ['EXPORT_FORMATS', 'EXPORT_FORMATS', () => doc.paths['/api/v1/credentials/{id}/export'].get.parameters.find((p: Json) => p.name === 'format' && p.in === 'query')?.schema.enum],
    ['BULK_ISSUE_CODES', 'BULK_ISSUE_CODES', () => json(doc.paths['/api/v1/achievements/{id}/bulk'].post.responses['200']).properties.rows.items.properties.issues.items.properties.code.enum],
    ['VERIFY_CHECKS', 'VERIFY_CHECKS', () => deref(json(doc.paths['/api/v1/verify'].post.responses['200'])).properties.checks.items.properties.name.enum],
    ['WEBHOOK_EVENTS', 'WEBHOOK_EVENTS', () => component('Webhook').properties.events.items.enum],
    ['MACHINE_SCOPES', 'MACHINE_SCOPES', () => doc.paths['/api/v1/oauth-clients'].post.requestBody.content['application/json'].schema.properties.scopes.items.enum],
    ['HISTORY_EVENT_TYPES', 'HISTORY_EVENT_TYPES', () => json(doc.paths['/api/v1/credentials/{id}/history'].get.responses['200']).properties.items.items.properties.type.enum],
    ['RECIPIENT_SORTS', 'RECIPIENT_SORTS', () => doc.paths['/api/v1/recipients'].get.parameters.find((p: Json) => p.name === 'sort' && p.in === 'query')?.schema.enum],
  ];
  it.each(cases)('%s', (_label, constant, schemaEnum) => {
    const list = web[constant];
    expect(Array.isArray(list), `${constant} is exported by packages/web/src/api`).toBe(true);
    if (!list) return;
    const values = schemaEnum();
    expect(Array.isArray(values), 'the schema has an enum here').toBe(true);
    expect(new Set(list).size).toBe(list.length);
    expect(sorted(list)).toEqual(sorted(values as string[]));
  });
});
