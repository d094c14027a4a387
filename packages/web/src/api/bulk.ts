import { request } from './client';
import type { BodyOf, BulkImport, BulkPreview } from './types';

const id = (value: string) => encodeURIComponent(value);

/** Validate a CSV for an achievement; nothing is issued. */
export const previewBulk = (achievementId: string, csv: string, dateOrder: DateOrder) => request<BulkPreview>('POST', `/achievements/${id(achievementId)}/bulk`, { body: { csv, dryRun: true, dateOrder } });

/** How the CSV's 01/02/2026 is read: the person's locale (day first for en-GB and fr, month first for en-US). */
export type DateOrder = NonNullable<BodyOf<'/api/v1/achievements/{id}/bulk', 'post'>['dateOrder']>;

/** Start awarding the valid rows; the same key and CSV return the same import. */
export const startBulk = (achievementId: string, csv: string, dateOrder: DateOrder, idempotencyKey: string) =>
  request<{ import: BulkImport; preview: BulkPreview }>('POST', `/achievements/${id(achievementId)}/bulk`, { body: { csv, dateOrder }, headers: { 'idempotency-key': idempotencyKey } });

export const getBulkImport = (importId: string, signal?: AbortSignal) => request<BulkImport>('GET', `/bulk-imports/${id(importId)}`, signal ? { signal } : {});
export const listBulkImports = () => request<{ items: BulkImport[] }>('GET', '/bulk-imports');
export const bulkReportUrl = (importId: string) => `/api/v1/bulk-imports/${id(importId)}/report.csv`;
