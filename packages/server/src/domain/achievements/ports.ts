import type { AchievementDetails, AchievementKind, Alignment, Criteria } from '@laurel/core';
import type { Page, PageQuery } from '../shared/ports.js';

export interface Achievement {
  id: string;
  orgId: string;
  issuerId: string;
  kind: AchievementKind;
  name: string;
  description: string;
  criteria: Criteria;
  image: string | null;
  tags: string[];
  alignments: Alignment[];
  /** ISO 8601 duration an award stays valid (certifications), e.g. `P2Y`. */
  validity: string | null;
  renewable: boolean;
  /** ISO 8601 duration after expiry during which renewal is still accepted (certifications), e.g. `P30D`. */
  gracePeriod: string | null;
  /** Days before expiry when reminders go out; null: the defaults (90, 30, 7). */
  reminderOffsets: number[] | null;
  /** How renewal requests are decided: by the issuer in the console queue, or approved at once. */
  renewalMode: RenewalMode;
  /** OB 3.0 details: result descriptions, credits, field of study, language and translations. */
  details: AchievementDetails;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export const RENEWAL_MODES = ['manual', 'automatic'] as const;
export type RenewalMode = (typeof RENEWAL_MODES)[number];

export const ACHIEVEMENT_SORTS = ['createdAt', '-createdAt', 'name', '-name'] as const;
export type AchievementSort = (typeof ACHIEVEMENT_SORTS)[number];

export interface AchievementListQuery extends PageQuery {
  sort: AchievementSort;
  issuerId?: string | undefined;
  kind?: AchievementKind | undefined;
  tag?: string | undefined;
  q?: string | undefined;
  includeArchived?: boolean | undefined;
}

export interface AchievementRepo {
  insert(a: Achievement): Promise<void>;
  findById(orgId: string, id: string): Promise<Achievement | undefined>;
  findPublic(id: string): Promise<Achievement | undefined>;
  findManyPublic(ids: string[]): Promise<Achievement[]>;
  list(orgId: string, query: AchievementListQuery): Promise<Page<Achievement>>;
  update(a: Achievement): Promise<void>;
}
