
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
  /** Is an index already taken by one of the issuer's credentials? */
  isIndexTaken(issuerId: string, index: number): Promise<boolean>;
}
