import { request } from './client';
import type { BodyOf, ImportedCredential, MigrationImport } from './types';

export type StartImportBody = BodyOf<'/api/v1/imports', 'post'>;

/** Start an import of the organisation's history; the same key and body return the same import. */
export const startImport = (body: StartImportBody, idempotencyKey: string) => request<MigrationImport>('POST', '/imports', { body, headers: { 'idempotency-key': idempotencyKey } });
export const getImport = (importId: string, signal?: AbortSignal) => request<MigrationImport>('GET', `/imports/${encodeURIComponent(importId)}`, signal ? { signal } : {});
export const listImports = () => request<{ items: MigrationImport[] }>('GET', '/imports');

export type ImportOwnBody = BodyOf<'/api/v1/me/imported-credentials', 'post'>;

/** The earner's own import of a badge they hold, verified by the server first. */
export const importOwnCredential = (body: ImportOwnBody) => request<ImportedCredential>('POST', '/me/imported-credentials', { body });
export const listImportedCredentials = () => request<{ items: ImportedCredential[] }>('GET', '/me/imported-credentials');
