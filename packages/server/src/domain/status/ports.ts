import type { Achievement } from '../achievements/ports.js';
import type { Issuer } from '../issuers/ports.js';
import type { Organisation } from '../organisations/ports.js';

export type StatusPurpose = 'revocation' | 'suspension';
export const STATUS_PURPOSES: readonly StatusPurpose[] = ['revocation', 'suspension'];

/** One BitstringStatusList of an issuer for one purpose. Indexes are shared by both purposes. */
export interface StatusList {
  id: string;
  orgId: string;
  issuerId: string;
  purpose: StatusPurpose;
  /**
   * Length in bits: at least 131,072, as the W3C recommendation asks for herd privacy, doubled
   * as the issuer's credentials fill it (see `statusAllocation`).
   */
  size: number;
  bits: Uint8Array;
  allocated: number;
  updatedAt: string;
}

/** Size and allocation count of an issuer's revocation list, without its bits. */
export interface AllocationCount {
  id: string;
  size: number;
  allocated: number;
}

/** What issuing a credential of an achievement reads before signing, found in one query. */
export interface IssuingContext {
  /** The organisation's achievement; when absent, so is everything else. */
  achievement: Achievement | undefined;
  /** The achievement's issuer, if it belongs to the same organisation. */
  issuer: Issuer | undefined;
  organisation: Organisation | undefined;
  /** The issuer's revocation list (undefined until its lists are created). */
  allocation: AllocationCount | undefined;
}

export interface StatusListRepo {
  /** Create the issuer's lists if they do not exist yet. */
  ensure(lists: StatusList[]): Promise<void>;
  /** Load a list; `forUpdate` locks it until the transaction ends (PostgreSQL). */
  get(issuerId: string, purpose: StatusPurpose, options?: { forUpdate?: boolean }): Promise<StatusList | undefined>;
  /** New bits (their length is the list's size); the allocation count is left as it is. */
  save(list: Pick<StatusList, 'id' | 'bits' | 'updatedAt'>): Promise<void>;
  /**
   * Size and allocation count of the issuer's revocation list, without its bits. The count grows
   * with each issued credential (`CredentialRepo.insertIssued`).
   */
  allocation(issuerId: string): Promise<AllocationCount | undefined>;
  /**
   * Everything issuing reads, in one round trip instead of four: the achievement (scoped to the
   * organisation), its issuer (scoped the same way), the organisation and the issuer's `allocation`.
   */
  issuingContext(orgId: string, achievementId: string): Promise<IssuingContext>;
  /** Is an index already taken by one of the issuer's credentials? */
  isIndexTaken(issuerId: string, index: number): Promise<boolean>;
}
