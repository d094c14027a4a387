/** Where an import's items came from. */
export const IMPORT_SOURCES = ['badgr', 'ob2', 'csv'] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

/** The achievement an imported award is for, as the former provider described it. */
export interface ImportedAchievement {
  name: string;
  description: string;
  criteriaNarrative: string | null;
  criteriaUrl: string | null;
}

/** One OB 2.0 assertion handed over: its URL, its JSON, or a baked PNG/SVG (base64). Verified by the job. */
export type Ob2Input = { url: string } | { assertion: unknown } | { image: string };

/**
 * One item of an import. `award`: read from a trusted export (the organisation's own Badgr or CSV
 * export); `ob2`: an assertion that must verify before anything is issued; `invalid`: could not be read
 * (reported as failed, never issued).
 */
export type ImportItem =
  | {
      index: number;
      kind: 'award';
      originalId: string;
      email: string;
      name: string | null;
      achievement: ImportedAchievement;
      issuedOn: string;
      narrative: string | null;
      evidenceUrl: string | null;
    }
  | { index: number; kind: 'ob2'; input: Ob2Input; email: string | null }
  | { index: number; kind: 'invalid'; originalId: string | null; reason: string };

export interface ImportItemResult {
  index: number;
  originalId: string | null;
  status: 'imported' | 'skipped' | 'failed';
  credentialId?: string | undefined;
  reason?: string | undefined;
}

export interface MigrationImport {
  id: string;
  orgId: string;
  issuerId: string;
  source: ImportSource;
  notify: boolean;
  status: 'queued' | 'running' | 'done';
  items: ImportItem[];
  total: number;
  imported: number;
  skipped: number;
  failed: number;
  results: ImportItemResult[];
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ImportedAward {
  id: string;
  orgId: string;
  originalId: string;
  credentialId: string;
  importId: string;
  createdAt: string;
}

export interface MigrationImportRepo {
  insert(m: MigrationImport): Promise<void>;
  findById(orgId: string, id: string): Promise<MigrationImport | undefined>;
  /** For the job, which runs outside any request. */
  findForJob(id: string): Promise<MigrationImport | undefined>;
  list(orgId: string, limit: number): Promise<MigrationImport[]>;
  saveProgress(m: Pick<MigrationImport, 'id' | 'status' | 'imported' | 'skipped' | 'failed' | 'results' | 'updatedAt'>): Promise<void>;
  /** Forgets the items (names and e-mail addresses) once the import is done; the report stays. */
  clearItems(id: string): Promise<void>;
}

export interface ImportedAwardRepo {
  findByOriginalId(orgId: string, originalId: string): Promise<ImportedAward | undefined>;
  /** Inserts unless the organisation already imported this original id; true when it was new. */
  insertIfNew(a: ImportedAward): Promise<boolean>;
}

/** Limits on what one import may hold (the body size is capped by the HTTP layer). */
export const IMPORT_LIMITS = { maxItems: 20_000, maxImageBytes: 2 * 1024 * 1024, maxFieldChars: 2_000 } as const;
