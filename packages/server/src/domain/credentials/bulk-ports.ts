/** The stored answer of a bulk action sent with an Idempotency-Key: a retry gets it again, nothing is redone. */
export interface BulkOperationRecord {
  id: string;
  orgId: string;
  operation: string;
  key: string;
  requestHash: string;
  result: unknown;
  createdAt: string;
}

export interface BulkOperationRepo {
  find(orgId: string, operation: string, key: string): Promise<BulkOperationRecord | undefined>;
  /** False when the (organisation, operation, key) is already held. */
  insert(record: BulkOperationRecord): Promise<boolean>;
}
