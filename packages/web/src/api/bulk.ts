import { request } from './client';
import type { BulkImport, BulkPreview } from './types';

const id = (value: string) => encodeURIComponent(value);

/** Validate a CSV for an achievement; nothing is issued. */
export const previewBulk = (achievementId: string, csv: string) => request<BulkPreview>('POST', `/achievements/${id(achievementId)}/bulk`, { body: { csv, dryRun: true } });

/** Start awarding the valid rows; the same key and CSV return the same import. */
export const startBulk = (achievementId: string, csv: string, idempotencyKey: string) =>
  request<{ import: BulkImport; preview: BulkPreview }>('POST', `/achievements/${id(achievementId)}/bulk`, { body: { csv }, headers: { 'idempotency-key': idempotencyKey } });

export const getBulkImport = (importId: string, signal?: AbortSignal) => request<BulkImport>('GET', `/bulk-imports/${id(importId)}`, signal ? { signal } : {});
export const listBulkImports = () => request<{ items: BulkImport[] }>('GET', '/bulk-imports');
export const bulkReportUrl = (importId: string) => `/api/v1/bulk-imports/${id(importId)}/report.csv`;
