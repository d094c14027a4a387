import type { RecipientType } from '@laurel/core';
import type { Page, PageQuery } from '../shared/ports.js';

/** Someone the organisation has awarded: one recipient identity, however many credentials. */
export interface RecipientSummary {
  /** Opaque, stable within the organisation (see recipient-key.ts): what URLs carry instead of the address. */
  key: string;
  type: RecipientType;
  identity: string;
  /** A name they were awarded under (the latest in sort order when several were used). */
  name: string | null;
  credentials: number;
  latestIssuedOn: string;
}

export const RECIPIENT_SORTS = ['name', '-latestIssuedOn'] as const;
export type RecipientSort = (typeof RECIPIENT_SORTS)[number];

export interface RecipientListQuery extends PageQuery {
  sort: RecipientSort;
  /** Already folded (foldForSearch): a substring of a name or identity any of their credentials carries. */
  q?: string | undefined;
}

export interface RecipientRepo {
  list(orgId: string, query: RecipientListQuery): Promise<Page<RecipientSummary>>;
  find(orgId: string, key: string): Promise<RecipientSummary | undefined>;
}
