import { BULK_ISSUE_CODES, type BulkImport, type BulkIssue } from '../api/types';
import type { MessageKey } from '../i18n/en';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** A preview issue in the UI language, naming the file's own column; an unknown code is shown as it is. */
export function issueText(issue: BulkIssue, t: T): string {
  if (!(BULK_ISSUE_CODES as readonly string[]).includes(issue.code)) return issue.code;
  const text = t(`bulk.issue.${issue.code}`, { value: issue.value ?? '', row: issue.row ?? '', column: issue.column ?? '' });
  return issue.column && issue.code !== 'unknown-column' ? t('bulk.issue.inColumn', { column: issue.column, text }) : text;
}

export interface BulkCounts {
  issued: number;
  notIssued: number;
  percent: number;
  finished: boolean;
}

export function bulkCounts(b: BulkImport): BulkCounts {
  // From the counts (the results are a page of them: a 100,000-row import's first 1,000).
  return {
    issued: b.processed - b.failed,
    notIssued: b.failed,
    percent: b.total === 0 ? 100 : Math.floor((b.processed / b.total) * 100),
    finished: b.status === 'done' || b.status === 'failed',
  };
}

/** The progress worth announcing to screen readers: each quarter and the end, not every poll. */
export function milestone(b: BulkImport): number {
  const { percent, finished } = bulkCounts(b);
  return finished ? 100 : Math.min(75, Math.floor(percent / 25) * 25);
}
