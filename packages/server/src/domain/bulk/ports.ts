/** One CSV row after validation, ready to award. */
export interface BulkRow {
  row: number;
  name: string | null;
  email: string;
  evidenceUrl: string | null;
  narrative: string | null;
  issuedOn: string | null;
}

export interface BulkRowResult {
  row: number;
  email: string;
  status: 'issued' | 'failed' | 'invalid';
  credentialId?: string | undefined;
  error?: string | undefined;
}

export interface BulkImport {
  id: string;
  orgId: string;
  achievementId: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  rows: BulkRow[];
  total: number;
  processed: number;
  failed: number;
  results: BulkRowResult[];
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface BulkImportRepo {
  insert(b: BulkImport): Promise<void>;
  findById(orgId: string, id: string): Promise<BulkImport | undefined>;
  /** For the job, which runs outside any request. */
  findForJob(id: string): Promise<BulkImport | undefined>;
  list(orgId: string, limit: number): Promise<BulkImport[]>;
  saveProgress(b: Pick<BulkImport, 'id' | 'status' | 'processed' | 'failed' | 'results' | 'updatedAt'>): Promise<void>;
}

/** Parses CSV text into records keyed by header (the adapter wraps a CSV library). */
export type CsvParser = (text: string, options?: { delimiter?: ',' | ';' | '\t' }) => Record<string, string>[];

export const BULK_ISSUE_CODES = ['email-missing', 'email-invalid', 'evidence-url-invalid', 'date-invalid', 'date-ambiguous', 'duplicate-row', 'already-holds', 'unsubscribed', 'unknown-column'] as const;
export type BulkIssueCode = (typeof BULK_ISSUE_CODES)[number];

/**
 * Something the preview reports, as a stable code the web app translates. `column` is the file's own
 * header; `row` points at an earlier row (duplicates). Errors stop the row; warnings do not.
 */
export interface BulkIssue {
  code: BulkIssueCode;
  severity: 'error' | 'warning';
  column: string | null;
  value?: string;
  row?: number;
}
