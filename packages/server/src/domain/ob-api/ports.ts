/** A credential from another issuer that an earner's host pushed into their Laurel backpack, verified on the way in. */
export interface HostedCredential {
  id: string;
  userId: string;
  /** The credential's `id` when it has one, else the sha256 of what was sent (the upsert's equality). */
  dedupeKey: string;
  /** `json`: a JSON-LD credential (embedded proof); `jwt`: a compact JWS (VC-JWT); `ob2`: an OB 2.0 assertion the earner imported (never served by the OB 3.0 API). */
  format: 'json' | 'jwt' | 'ob2';
  body: string;
  /** The issuer's id (URL or DID). */
  issuer: string;
  /** When the credential says it was issued (validFrom / issuanceDate / nbf), else when it arrived. */
  issuedAt: string;
  /** The client that pushed it. */
  clientId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface HostedCredentialRepo {
  /** Inserts, or replaces the earner's credential with the same key; true when it was new. */
  upsert(credential: HostedCredential): Promise<boolean>;
  listForUser(userId: string): Promise<HostedCredential[]>;
}
