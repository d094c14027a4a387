import type { StatusList, StatusPurpose } from '../status/ports.js';

/** The status entry of one credential issued through the VC-API: its list index, for each purpose it carries. */
export interface VcStatusEntry {
  id: string;
  orgId: string;
  issuerId: string;
  /** The issued credential's `id` (unique within the organisation). */
  credentialId: string;
  index: number;
  purposes: StatusPurpose[];
  createdAt: string;
}

/**
 * Status lists of credentials issued through the VC-API. They are apart from the lists of Laurel's own
 * credentials (`StatusListRepo`), so an index handed to a caller-supplied credential never shares a bit
 * with a Laurel credential's; the bit work and the signed list documents are the same.
 */
export interface VcStatusRepo {
  /** Create the issuer's lists if they do not exist yet. */
  ensureLists(lists: StatusList[]): Promise<void>;
  /** Load a list; `forUpdate` locks it until the transaction ends (PostgreSQL). */
  getList(issuerId: string, purpose: StatusPurpose, options?: { forUpdate?: boolean }): Promise<StatusList | undefined>;
  saveList(list: Pick<StatusList, 'id' | 'bits' | 'updatedAt'>): Promise<void>;
  insertEntry(entry: VcStatusEntry): Promise<void>;
  /** The organisation's entry for a credential id (another organisation's is not found). */
  findEntry(orgId: string, credentialId: string): Promise<VcStatusEntry | undefined>;
  isIndexTaken(issuerId: string, index: number): Promise<boolean>;
}
