import type { Page, PageQuery } from '../shared/ports.js';
import type { StatusPurpose } from '../status/ports.js';

/**
 * How the issuer names itself in OB 3.0 credentials. `did:web`: one domain-bound DID for every key
 * generation (verifiers fetch its DID document). `did:key`: the DID of the active Ed25519 key,
 * verifiable offline by anyone; it changes when the keys rotate. Chosen at creation, then fixed.
 */
export const ISSUER_IDENTITIES = ['did:web', 'did:key'] as const;
export type IssuerIdentity = (typeof ISSUER_IDENTITIES)[number];

export interface Issuer {
  id: string;
  orgId: string;
  name: string;
  url: string;
  email: string;
  description: string | null;
  image: string | null;
  identity: IssuerIdentity;
  /**
   * Status entries added to every credential this issuer signs through the W3C VC-API when the request
   * names none (`options.credentialStatus` absent and no `credentialStatus` in the credential); [] for none.
   */
  vcApiStatusPurposes: StatusPurpose[];
  createdAt: string;
  updatedAt: string;
}

export const ISSUER_SORTS = ['createdAt', '-createdAt', 'name', '-name'] as const;
export type IssuerSort = (typeof ISSUER_SORTS)[number];

export interface IssuerListQuery extends PageQuery {
  sort: IssuerSort;
  /** Case-insensitive substring of the name. */
  q?: string | undefined;
}

export interface IssuerRepo {
  insert(issuer: Issuer): Promise<void>;
  findById(orgId: string, id: string): Promise<Issuer | undefined>;
  /** Public lookup by id alone (for published documents). */
  findPublic(id: string): Promise<Issuer | undefined>;
  findManyPublic(ids: string[]): Promise<Issuer[]>;
  list(orgId: string, query: IssuerListQuery): Promise<Page<Issuer>>;
  update(issuer: Issuer): Promise<void>;
}
