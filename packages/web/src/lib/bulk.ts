import type { BulkImport } from '../api/types';

export interface BulkCounts {
  issued: number;
  notIssued: number;
  percent: number;
  finished: boolean;
}

export function bulkCounts(b: BulkImport): BulkCounts {
  const issued = b.results.filter((r) => r.status === 'issued').length;
  return {
    issued,
    notIssued: b.results.length - issued,
    percent: b.total === 0 ? 100 : Math.floor((b.processed / b.total) * 100),
    finished: b.status === 'done' || b.status === 'failed',
  };
}

/** The progress worth announcing to screen readers: each quarter and the end, not every poll. */
export function milestone(b: BulkImport): number {
  const { percent, finished } = bulkCounts(b);
  return finished ? 100 : Math.min(75, Math.floor(percent / 25) * 25);
}
