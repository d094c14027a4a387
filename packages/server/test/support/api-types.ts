import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildApp } from '../../src/adapters/http/app.js';
import { aesGcmVault } from '../../src/adapters/keys/key-vault.js';
import { createMailer } from '../../src/adapters/mail/mailer.js';
import { migrateToLatest, openStorage } from '../../src/adapters/storage/db.js';
import { assembleDeps } from '../../src/compose.js';

/** Where the web app's generated API types live (committed; `npm run gen:api-types` writes it). */
export const API_TYPES_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../web/src/api/generated/openapi.ts');

const HEADER = `/**
 * The Laurel API's shapes, generated from the server's OpenAPI document (the one /api/docs shows)
 * by openapi-typescript. Do not edit: run \`npm run gen:api-types\`.
 * packages/server/test/structure/api-types.test.ts fails when this file and the server's route schemas differ.
 */

`;

/** The OpenAPI document of the whole app, as /api/docs/json serves it: the app is built in-process over an empty in-memory database. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const storage = openStorage({ sqliteFile: ':memory:' });
  const outbox = mkdtempSync(join(tmpdir(), 'laurel-openapi-'));
  try {
    await migrateToLatest(storage.db);
    const deps = assembleDeps({
      storage,
      baseUrl: 'https://laurel.example',
      vault: aesGcmVault(Buffer.alloc(32, 1)),
      sessionTtlSeconds: 3600,
      mailer: createMailer({ outboxDir: outbox, from: 'Laurel <laurel@laurel.example>' }).mailer,
      http: { bodyLimitBytes: 64 * 1024, secureCookies: false, trustProxy: false, logLevel: 'silent' },
    });
    const app = await buildApp(deps, { logger: false });
    try {
      await app.ready();
      return app.swagger() as unknown as Record<string, unknown>;
    } finally {
      await app.close();
      await deps.untrusted.close();
    }
  } finally {
    await storage.destroy();
    rmSync(outbox, { recursive: true, force: true });
  }
}

/** The TypeScript source of packages/web/src/api/generated/openapi.ts for this document. */
export async function renderApiTypes(document: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], { alphabetize: true, silent: true });
  return HEADER + astToString(ast);
}
