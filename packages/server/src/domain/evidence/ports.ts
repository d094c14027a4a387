/** A file uploaded as evidence of an award; its name and bytes are personal data (sealed at rest). */
export interface EvidenceFile {
  id: string;
  orgId: string;
  /** The award that names it; null until one does (a file belongs to one award). */
  credentialId: string | null;
  name: string;
  /** From the file's first bytes, never from what the uploader declared. */
  mediaType: string;
  bytes: number;
  /** `sha384-<base64>` of the bytes (Subresource Integrity form, the credential's `digestSRI`). */
  digestSRI: string;
  createdBy: string | null;
  createdAt: string;
}

export interface EvidenceFileRepo {
  insert(file: EvidenceFile, content: Uint8Array): Promise<void>;
  findById(orgId: string, id: string): Promise<EvidenceFile | undefined>;
  /** Not scoped: the public URL names only the id (whoever reads it is checked against its award). */
  findPublic(id: string): Promise<EvidenceFile | undefined>;
  content(orgId: string, id: string): Promise<Uint8Array | undefined>;
  /** Names the files as the award's, each only if no award names it yet; returns how many it took. */
  attach(orgId: string, ids: string[], credentialId: string): Promise<number>;
  /** Deletes files uploaded before `before` that no award names (every organisation's: the daily privacy job). */
  deleteUnattachedBefore(before: string): Promise<number>;
}
