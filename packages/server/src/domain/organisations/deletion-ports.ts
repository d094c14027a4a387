/** Deleting an organisation (docs/privacy.md, "Deleting an organisation"). */
export interface OrganisationDeletionRepo {
  /**
   * In the deleting transaction: the organisation is marked deleted, every session and API key of it ends, its
   * members, invitations and OAuth clients go, and its data keys are destroyed (crypto-erasure: its sealed values,
   * here and in every backup of the database, no longer open).
   */
  markDeleted(orgId: string, at: string): Promise<void>;
  /**
   * After it (the purge job, idempotent): the organisation's rows are deleted, but for what verifies the credentials
   * it issued (issuers and their keys, achievements, the signed documents, status lists), kept with the recipients'
   * data erased from the credentials; with `withdraw`, those too. Returns how many rows went.
   */
  purge(orgId: string, withdraw: boolean): Promise<number>;
  /** Whether the organisation is deleted (the purge job only runs for one). */
  isDeleted(orgId: string): Promise<boolean>;
}
