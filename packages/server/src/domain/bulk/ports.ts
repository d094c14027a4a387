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

/** Results by row after `afterRow`, at most `limit` of them (a progress read of a 100,000-row import reads a page). */
export interface ResultsPage {
  afterRow: number;
  limit: number;
}

/** An import as a progress read shows it: without its rows (never opened for it), with a page of its results. */
export type BulkImportProgress = Omit<BulkImport, 'rows'>;

/** An import made ready to store: what `BulkImportRepo.prepare` made of it (opaque to the domain). */
export interface PreparedBulkImport {
  readonly id: string;
  readonly stored: unknown;
}

export interface BulkImportRepo {
  /**
   * Seal the import's rows and its invalid rows' results, a piece at a time with the event loop given back between
   * pieces (a 100,000-row import's rows are ~10 MB), before the transaction that stores them (`insert`).
   */
  prepare(b: BulkImport): Promise<PreparedBulkImport>;
  /** Store a prepared import: its row, and its invalid rows' results in the results table (not read whole at every poll). */
  insert(p: PreparedBulkImport): Promise<void>;
  /** The import and its results by row (those of `page` only when given). Its rows are not opened. */
  findById(orgId: string, id: string, page?: ResultsPage): Promise<BulkImportProgress | undefined>;
  /** For the job, which runs outside any request. */
  findForJob(id: string): Promise<BulkImport | undefined>;
  /** For the job: the import's columns and counts, neither its rows nor its results (nothing opened). */
  findCountsForJob(id: string): Promise<Omit<BulkImport, 'rows' | 'results'> | undefined>;
  /** For a part of an import (its own rows only): the import and its rows, without its results. */
  findRowsForJob(id: string): Promise<Omit<BulkImport, 'results'> | undefined>;
  list(orgId: string, limit: number, page?: ResultsPage): Promise<BulkImportProgress[]>;
  saveProgress(b: Pick<BulkImport, 'id' | 'status' | 'processed' | 'failed' | 'results' | 'updatedAt'>): Promise<void>;
  /** The import's status (its counts are kept by `BulkAwardRepo.recordResults`). */
  setStatus(id: string, status: BulkImport['status'], at: string): Promise<void>;
}

/** Parses CSV text into records keyed by header (the adapter wraps a CSV library). */
export type CsvParser = (text: string, options?: { delimiter?: ',' | ';' | '\t' }) => Record<string, string>[];

/**
 * `CsvParser` that pauses as it reads (a large upload never holds the event loop for long) and stops after
 * `maxRecords` records (the caller refuses a file with that many).
 */
export type AsyncCsvParser = (text: string, options: { delimiter?: ',' | ';' | '\t'; maxRecords: number }) => Promise<Record<string, string>[]>;

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

/**
 * The writes of a chunk of bulk awards, each inside the caller's transaction (`store.transaction`): the domain
 * claims the rows' Idempotency-Keys, stores the awards and records every row's result in one commit.
 */
export interface BulkAwardRepo {
  /** Which of these Idempotency-Keys of the operation are already claimed: the resource each names and its request's hash. */
  claimedKeys(orgId: string, operation: string, keys: readonly string[]): Promise<Map<string, { resourceId: string; requestHash: string }>>;
  /** Which of these rows of the import already have a result. */
  recordedRows(importId: string, rows: readonly number[]): Promise<Set<number>>;
  /** Which of these status indexes of the issuer are taken. */
  takenIndexes(issuerId: string, indexes: readonly number[]): Promise<Set<number>>;
  /** Claims the keys that are free (one statement); returns how many it claimed. */
  claimKeys(records: ReadonlyArray<import('../credentials/ports.js').IdempotencyRecord>): Promise<number>;
  /**
   * Stores issued credentials with their documents, audit entries, history events, rollups and the allocation
   * count, and the chunk's jobs (one for all its awards' e-mails), in as few statements as the engine allows. Throws StatusIndexTaken when an index is taken.
   */
  insertIssuedMany(issued: ReadonlyArray<BulkIssued>, statusListId: string, jobs: ReadonlyArray<import('../shared/jobs.js').JobRequest>): Promise<void>;
  /**
   * Records the rows' results and adds them to the import's counts. Throws `BulkRowRecorded` when a row already
   * has a result (another worker awarded it meanwhile): the caller's transaction then stores nothing.
   */
  recordResults(b: { importId: string; orgId: string; results: readonly BulkRowResult[]; at: string }): Promise<void>;
}

/** An issued credential of a bulk chunk: the chunk's awards share one job (their e-mails), not one each. */
export type BulkIssued = Omit<import('../credentials/ports.js').IssuedCredential, 'job'>;

/** A row's result was already recorded (by another worker): the chunk's transaction is rolled back and redone. */
export class BulkRowRecorded extends Error {
  constructor() {
    super('a row of this chunk already has a result');
    this.name = 'BulkRowRecorded';
  }
}

/** A chunk's signing in one go: the issuer, achievement and endorsements once, then each credential. */
export interface SignBatchInput {
  issuer: import('../issuers/ports.js').Issuer;
  achievement: import('../achievements/ports.js').Achievement;
  endorsements?: import('@laurel/core').JsonObject[] | undefined;
  credentials: import('../credentials/ports.js').Credential[];
}

/** A `CredentialSigner` that also signs a batch with one message per worker (the signing pool). */
export interface BatchSigner {
  /** The documents of each credential, in the order given. */
  signBatch(input: SignBatchInput): Promise<import('../credentials/ports.js').CredentialDocument[][]>;
}
