import type { BulkRow } from '../../../domain/bulk/ports.js';

/** What identifies one sealed value of an import's rows: its start, with the seal's random IV. */
export type SealedFingerprint = string;

interface Entry {
  fingerprint: SealedFingerprint;
  rows: BulkRow[];
  usedAt: number;
}

/**
 * An import's opened rows, kept in this process for its part jobs: a 100,000-row import is split into 100
 * parts, and each opened and parsed the whole sealed blob (some 10 MB) again; now the first part of each
 * process opens it and the others reuse it. An entry is used only while the sealed value is the same one
 * (its start, with the seal's IV: an erasure or a key rotation seals it again, with a fresh IV), holds few
 * imports (`maxRows` rows in all) and is dropped `idleMs` after its last use.
 */
export class BulkRowsCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxRows = 200_000,
    private readonly idleMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(importId: string, fingerprint: SealedFingerprint): BulkRow[] | undefined {
    this.sweep();
    const entry = this.entries.get(importId);
    if (!entry || entry.fingerprint !== fingerprint) return undefined;
    entry.usedAt = this.now();
    this.entries.delete(importId);
    this.entries.set(importId, entry); // most recently used last
    return entry.rows;
  }

  set(importId: string, fingerprint: SealedFingerprint, rows: BulkRow[]): void {
    this.entries.delete(importId);
    if (rows.length > this.maxRows) return;
    this.entries.set(importId, { fingerprint, rows, usedAt: this.now() });
    let held = [...this.entries.values()].reduce((n, e) => n + e.rows.length, 0);
    for (const [id, e] of this.entries) {
      if (held <= this.maxRows) break;
      this.entries.delete(id);
      held -= e.rows.length;
    }
  }

  /** Imports held now (tests). */
  size(): number {
    this.sweep();
    return this.entries.size;
  }

  private sweep(): void {
    const stale = this.now() - this.idleMs;
    for (const [id, e] of this.entries) if (e.usedAt < stale) this.entries.delete(id);
  }
}

/** The process's cache (the part jobs of every store of this process share it). */
export const bulkRowsCache = new BulkRowsCache();
