import type { Role } from '../auth/permissions.js';

/**
 * `machine`: a client of one organisation made in the console (client credentials grant, scopes that
 * mirror roles, optionally one issuer). `registered`: a client that registered itself (RFC 7591), an
 * Open Badges host or displayer acting for an earner who consents (authorization code + PKCE).
 */
export type OAuthClientKind = 'machine' | 'registered';

/** RFC 7591 metadata Laurel keeps for a registered client (all but the secret). */
export interface RegisteredClientMetadata {
  redirect_uris: string[];
  grant_types: string[];
  response_types: string[];
  /** `none`: a public client (a wallet app): no secret, PKCE protects its codes. */
  token_endpoint_auth_method: 'client_secret_basic' | 'client_secret_post' | 'none';
  client_uri?: string | undefined;
  logo_uri?: string | undefined;
  tos_uri?: string | undefined;
  policy_uri?: string | undefined;
  software_id?: string | undefined;
  software_version?: string | undefined;
  contacts?: string[] | undefined;
}

export interface OAuthClient {
  /** The `client_id`. */
  id: string;
  kind: OAuthClientKind;
  /** Machine clients: the organisation they act for; registered clients: null (they act for earners). */
  orgId: string | null;
  name: string;
  /** sha256 of the client secret; the secret is shown once. Public clients: the hash of a secret nobody was given. */
  secretHash: string;
  /** The most this client may ever be granted. */
  scopes: string[];
  /** Machine clients restricted to one issuer of their organisation. */
  issuerId: string | null;
  metadata: RegisteredClientMetadata | null;
  /** The member who made a machine client (it acts with at most their current role). */
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A client as the token endpoint reads it: with its maker's role now (null: not a member any more). */
export interface PresentedClient extends OAuthClient {
  creatorRole: Role | null;
}

export interface OAuthClientRepo {
  insert(client: OAuthClient): Promise<void>;
  /** Any client by its client_id, with its maker's current role in its organisation. */
  find(id: string): Promise<PresentedClient | undefined>;
  /** Machine clients of one organisation, newest first. */
  listForOrg(orgId: string): Promise<OAuthClient[]>;
  findInOrg(orgId: string, id: string): Promise<OAuthClient | undefined>;
  markUsed(id: string, at: string): Promise<void>;
  revoke(orgId: string, id: string, at: string): Promise<void>;
  /** Revoke every machine client a member made in an organisation (they were removed); returns how many. */
  revokeCreatedBy(orgId: string, userId: string, at: string): Promise<number>;
}

/** An authorization request (authorization code grant): pending, then decided, then its code redeemed once. */
export interface Authorization {
  /** The handle of the consent page (random). */
  id: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  /** RFC 9396 authorization details, as validated by their type's handler. */
  authorizationDetails: unknown[] | null;
  state: string | null;
  /** PKCE S256 challenge. */
  codeChallenge: string;
  createdAt: string;
  expiresAt: string;
  userId: string | null;
  decision: 'approved' | 'denied' | null;
  decidedAt: string | null;
  codeHash: string | null;
  codeExpiresAt: string | null;
  codeUsedAt: string | null;
  /** The grant every token of this authorization belongs to. */
  grantId: string | null;
}

export interface AuthorizationRepo {
  insert(a: Authorization): Promise<void>;
  findById(id: string): Promise<Authorization | undefined>;
  findByCodeHash(codeHash: string): Promise<Authorization | undefined>;
  /** Records the decision of a still-pending, unexpired request; false when it was decided already. */
  decide(id: string, d: { userId: string; decision: 'approved' | 'denied'; at: string; codeHash: string | null; codeExpiresAt: string | null; grantId: string | null }, now: string): Promise<boolean>;
  /** Marks the code used; false when it had been used already (a replay). */
  useCode(id: string, at: string): Promise<boolean>;
}

export type OAuthTokenKind = 'access' | 'refresh';

export interface OAuthToken {
  id: string;
  /** sha256 of the token; the token is given once. */
  tokenHash: string;
  kind: OAuthTokenKind;
  clientId: string;
  orgId: string | null;
  /** The earner a token acts for (authorization code grant). */
  userId: string | null;
  scopes: string[];
  authorizationDetails: unknown[] | null;
  grantId: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  revokedAt: string | null;
  /** DPoP (RFC 9449): the JWK SHA-256 thumbprint of the key the token is bound to; null: a bearer token. */
  dpopJkt: string | null;
}

/** A token as resource servers read it: with its client, and the client's maker's role now. */
export interface PresentedToken extends OAuthToken {
  client: PresentedClient;
}

export interface OAuthTokenRepo {
  insert(token: OAuthToken): Promise<void>;
  findByHash(tokenHash: string): Promise<PresentedToken | undefined>;
  /** Marks a refresh token used (rotated); false when it had been used already (a replay). */
  useRefresh(id: string, at: string): Promise<boolean>;
  revoke(id: string, at: string): Promise<void>;
  /** Revokes every token of a grant (a replayed code or refresh token, a revoked refresh token). */
  revokeGrant(grantId: string, at: string): Promise<number>;
  /** Revokes every token a client holds (the client was revoked). */
  revokeForClient(clientId: string, at: string): Promise<number>;
  /** The grants an earner has given (their live refresh or access tokens), by client. */
  listGrantsForUser(userId: string, now: string): Promise<{ grantId: string; clientId: string; clientName: string; scopes: string[]; createdAt: string }[]>;
  revokeGrantOfUser(userId: string, grantId: string, at: string): Promise<number>;
}

/** The DPoP proofs seen (RFC 9449 §11.1), so a proof works once. */
export interface DpopProofRepo {
  /** Remembers a proof until `expiresAt`; false when it was seen already (a replay). Drops proofs expired at `now`. */
  remember(proofHash: string, expiresAt: string, now: string): Promise<boolean>;
}
