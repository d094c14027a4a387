/** `npm run gen:api-types`: writes packages/web/src/api/generated/openapi.ts from the server's OpenAPI document. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { API_TYPES_FILE, openApiDocument, renderApiTypes } from './support/api-types.js';

const source = await renderApiTypes(await openApiDocument());
mkdirSync(dirname(API_TYPES_FILE), { recursive: true });
writeFileSync(API_TYPES_FILE, source);
console.log(`wrote ${relative(process.cwd(), API_TYPES_FILE)}`);
