import type { Role } from '../auth/permissions.js';

export type SsoProtocol = 'oidc' | 'saml';

export interface OidcSettings {
  /** The OpenID Provider's issuer URL (discovery: `<issuer>/.well-known/openid-configuration`). */
  issuer: string;
  clientId: string;
}

export interface SamlSettings {
  /** The IdP's entity id (the Issuer of its responses). */
  idpEntityId: string;
  /** Where AuthnRequests go (HTTP-Redirect binding). */
  ssoUrl: string;
  /** The IdP's signing certificate (PEM or base64 DER): responses or assertions must be signed by it. */
  idpCertificate: string;
  /** The attribute holding the e-mail address (default: the NameID). */
  emailAttribute?: string | undefined;
  /** Sign AuthnRequests (HTTP-Redirect binding, RSA-SHA256) with the connection's SP key. */
  signAuthnRequests?: boolean | undefined;
  /** The IdP's Single Logout Service (HTTP-Redirect binding): with it, signing out of Laurel sends a signed LogoutRequest there. */
  sloUrl?: string | undefined;
}

/** One `claim value → role` rule: a person whose role claim (a string or a list, e.g. groups) contains `value` gets `role`. */
export interface RoleRule {
  value: string;
  role: Role;
}

/** An organisation's identity provider. */
export interface SsoConnection {
  id: string;
  orgId: string;
  protocol: SsoProtocol;
  name: string;
  /** What people type on the sign-in page instead of an address ("Sign in with your organisation"). */
  slug: string;
  /** E-mail domains this provider answers for; an asserted address outside them is refused. */
  domains: string[];
  oidc?: OidcSettings | undefined;
  saml?: SamlSettings | undefined;
  /** The OIDC client secret, sealed by the key vault (AAD: the connection id). */
  sealedClientSecret: string | null;
  /** SAML: the SP's private key signing AuthnRequests (PKCS#8 PEM), sealed by the key vault (AAD: `<id>:sp-signing-key`). */
  sealedSpSigningKey: string | null;
  /** SAML: the SP's self-signed certificate for that key (PEM), published in the SP metadata. */
  spCertificate: string | null;
  /** SAML key rotation: the next SP key (sealed, AAD `<id>:sp-signing-key:next`) and its certificate, published before it signs. */
  sealedSpNextSigningKey?: string | null | undefined;
  spNextCertificate?: string | null | undefined;
  /** SAML key rotation: the certificate of the key signing stopped with, still published until retired. */
  spPreviousCertificate?: string | null | undefined;
  /** The claim (OIDC) or attribute (SAML) the role rules look at, e.g. `groups`. */
  roleClaim: string;
  roleMapping: RoleRule[];
  /** Just-in-time membership's role when no rule matches; null: nobody joins without a matching rule. */
  defaultRole: Role | null;
  /** Count the IdP's sign-in as two factors even when it does not say so in `amr` (it enforces MFA itself). */
  trustIdpMfa: boolean;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A sign-in sent to the provider, waiting for its answer (single use, short-lived). */
export interface SsoPending {
  /** sha256 of the state / RelayState. */
  id: string;
  connectionId: string;
  orgId: string;
  nonce: string | null;
  codeVerifier: string | null;
  requestId: string | null;
  createdAt: string;
  expiresAt: string;
}

export interface SsoIdentity {
  connectionId: string;
  subject: string;
  userId: string;
  orgId: string;
  createdAt: string;
  lastSignInAt: string | null;
}

/** The Laurel session a provider's sign-in opened, and the provider's handles for it (single logout). */
export interface SsoSessionLink {
  sessionId: string;
  connectionId: string;
  orgId: string;
  subject: string;
  /** OIDC: the ID token's `sid` (the provider's session). */
  sid: string | null;
  /** SAML: the NameID's Format and the assertion's SessionIndex, named back in a LogoutRequest. */
  nameIdFormat: string | null;
  sessionIndex: string | null;
  createdAt: string;
  expiresAt: string;
}

/** A LogoutRequest Laurel sent to a SAML IdP, waiting for its LogoutResponse in the same browser. */
export interface SsoLogoutPending {
  /** sha256 of the RelayState (kept in the browser's cookie). */
  id: string;
  connectionId: string;
  requestId: string;
  createdAt: string;
  expiresAt: string;
}

export interface SsoRepo {
  insertConnection(c: SsoConnection): Promise<void>;
  updateConnection(c: SsoConnection): Promise<void>;
  removeConnection(orgId: string, id: string): Promise<boolean>;
  findConnection(orgId: string, id: string): Promise<SsoConnection | undefined>;
  /** Public look-ups (the sign-in page, the provider's answer). */
  findConnectionById(id: string): Promise<SsoConnection | undefined>;
  findConnectionBySlug(slug: string): Promise<SsoConnection | undefined>;
  findConnectionByDomain(domain: string): Promise<SsoConnection | undefined>;
  listConnections(orgId: string): Promise<SsoConnection[]>;
  /** Domains claimed by another connection than `exceptId`. */
  domainsTaken(domains: string[], exceptId: string): Promise<string[]>;
  slugTaken(slug: string, exceptId: string): Promise<boolean>;

  insertPending(p: SsoPending): Promise<void>;
  /** Deletes and returns it: whoever takes it finishes the sign-in (single use). */
  takePending(id: string): Promise<SsoPending | undefined>;
  removeExpiredPending(now: string): Promise<void>;

  findIdentity(connectionId: string, subject: string): Promise<SsoIdentity | undefined>;
  insertIdentity(i: SsoIdentity): Promise<void>;
  touchIdentity(connectionId: string, subject: string, at: string): Promise<void>;
  /** The person's identities at the organisation's connections. */
  listIdentitiesOfUser(userId: string, orgId: string): Promise<SsoIdentity[]>;

  linkSession(link: SsoSessionLink): Promise<void>;
  findSessionLink(sessionId: string): Promise<SsoSessionLink | undefined>;
  /** Linked, unexpired sessions at this connection with this provider session id, or (sid null) of this subject. */
  findSessionLinks(connectionId: string, match: { sid?: string | undefined; subject?: string | undefined }, now: string): Promise<SsoSessionLink[]>;
  removeSessionLink(sessionId: string): Promise<void>;
  /** Keeps an IdP sign-in's handles while a Laurel second factor is asked (`pendingId`: the pending sign-in's id). */
  holdSessionLink(pendingId: string, link: Omit<SsoSessionLink, 'sessionId'>): Promise<void>;
  /** The second factor opened `session`: the held handles, if any (and unexpired), are linked to it. */
  adoptSessionLink(pendingId: string, session: { id: string; createdAt: string; expiresAt: string }): Promise<void>;
  insertLogoutPending(p: SsoLogoutPending): Promise<void>;
  /** Deletes and returns it (single use). */
  takeLogoutPending(id: string): Promise<SsoLogoutPending | undefined>;

  /** Records a SAML assertion id; false when it was already used (a replay). */
  useAssertionId(connectionId: string, assertionId: string, expiresAt: string, now: string): Promise<boolean>;
}

/** What a provider asserted about the person, once its answer is verified. */
export interface AssertedIdentity {
  /** `sub` (OIDC) or the NameID (SAML). */
  subject: string;
  email: string | null;
  /** OIDC `email_verified`; for SAML, true (the organisation's IdP answers for its own domains, checked against `domains`). */
  emailVerified: boolean;
  name: string | null;
  /** The role claim's values (a string claim becomes one value). */
  roleValues: string[];
  /** Whether the provider says a second factor was used (OIDC `amr`). */
  mfa: boolean;
  /** OIDC: the ID token's `sid`, when the provider sends one (back-channel logout names it). */
  sid?: string | undefined;
  /** SAML: the NameID's Format and the AuthnStatement's SessionIndex (a LogoutRequest names them). */
  nameIdFormat?: string | undefined;
  sessionIndex?: string | undefined;
}

/** What a verified back-channel logout token names: the provider's session (`sid`) and/or the person (`sub`). */
export interface LogoutTokenClaims {
  jti: string;
  sid: string | null;
  sub: string | null;
  /** When Laurel may forget the jti (replays refused until then). */
  expiresAt: string;
}

/** Laurel as an OpenID Connect relying party (authorization code flow, PKCE, state and nonce). */
export interface OidcRelyingParty {
  authorizationUrl(input: { settings: OidcSettings; clientSecret: string; redirectUri: string; state: string; nonce: string; codeVerifier: string }): Promise<string>;
  /**
   * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): the provider's `end_session_endpoint` with
   * `client_id` and `post_logout_redirect_uri`; null when the provider publishes none.
   */
  endSessionUrl(input: { settings: OidcSettings; clientSecret: string; postLogoutRedirectUri: string }): Promise<string | null>;
  /**
   * Verifies a back-channel logout token (OpenID Connect Back-Channel Logout 1.0 §2.6): signed by a key in the
   * provider's JWKS, `iss` the issuer, `aud` the client id, fresh `iat`, a `jti`, the back-channel logout event,
   * `sid` and/or `sub`, no `nonce`; throws an SsoRefusal otherwise.
   */
  verifyLogoutToken(input: { settings: OidcSettings; clientSecret: string; logoutToken: string }): Promise<LogoutTokenClaims>;
  /** Exchanges the code and verifies the ID token (issuer, audience, signature, nonce, expiry); throws on any mismatch. */
  callback(input: {
    settings: OidcSettings;
    clientSecret: string;
    redirectUri: string;
    /** The URL the browser came back to (code, state, iss…). */
    currentUrl: URL;
    expectedState: string;
    expectedNonce: string;
    codeVerifier: string;
    roleClaim: string;
  }): Promise<AssertedIdentity>;
}

/** Laurel as a SAML 2.0 service provider. */
export interface SamlServiceProvider {
  /** The SP metadata XML for this connection; with `signingKey` (PEM), it says AuthnRequests are signed and publishes the certificate. */
  metadata(connection: SsoConnection, signingKey?: string | undefined): string;
  /** A redirect to the IdP with an AuthnRequest (HTTP-Redirect binding), signed when `signingKey` (PEM) is given, and its ID. */
  authnRequest(connection: SsoConnection, relayState: string, signingKey?: string | undefined): Promise<{ url: string; requestId: string }>;
  /** A fresh SP signing key pair: an RSA private key (PKCS#8 PEM) and a self-signed certificate for it (PEM). */
  newSigningKey(connectionId: string): Promise<{ privateKey: string; certificate: string }>;
  /**
   * Verifies a LogoutRequest the IdP posted (HTTP-POST binding): signed over the whole request by the IdP's
   * certificate, from its entity id, meant for this connection's SLO URL, issued in the last ten minutes; throws on any failure.
   */
  validateLogoutRequest(connection: SsoConnection, samlRequest: string): Promise<{ requestId: string; nameId: string; expiresAt: string }>;
  /**
   * SP-initiated Single Logout: a LogoutRequest naming the person (NameID, Format, SessionIndex) for the IdP's
   * SLO URL, signed by the HTTP-Redirect binding's rules with `signingKey` (PEM); the redirect URL and its ID.
   */
  logoutRequest(connection: SsoConnection, person: { nameId: string; nameIdFormat: string | null; sessionIndex: string | null }, relayState: string, signingKey: string): Promise<{ url: string; requestId: string }>;
  /**
   * Verifies the IdP's LogoutResponse (HTTP-Redirect binding): the query signature by the IdP's certificate over
   * the parameters as received, `InResponseTo` the request sent, `Destination` this SLO URL, the IdP's Issuer,
   * issued in the last ten minutes, status Success; throws an SsoRefusal otherwise.
   */
  validateLogoutResponse(connection: SsoConnection, rawQuery: string, expectedRequestId: string): Promise<{ responseId: string; expiresAt: string }>;
  /** Verifies a posted SAMLResponse (signature, audience, recipient, time, InResponseTo); throws on any failure. */
  validate(connection: SsoConnection, samlResponse: string, expectedRequestId: string): Promise<AssertedIdentity & { assertionId: string; notOnOrAfter: string }>;
}

/** Where the provider sends people back; built from LAUREL_BASE_URL. */
export interface SsoUrls {
  oidcCallback(): string;
  samlAcs(connectionId: string): string;
  /** Where the IdP posts LogoutRequests (SAML Single Logout, HTTP-POST). */
  samlSlo(connectionId: string): string;
  /** Where an OpenID Provider posts back-channel logout tokens for this connection. */
  oidcBackchannelLogout(connectionId: string): string;
  /** Where an OpenID Provider sends the browser back after RP-initiated logout. */
  afterSignOut(): string;
  samlEntityId(connectionId: string): string;
  /** Where public OpenID Providers send earners back (LAUREL_EARNER_OIDC_PROVIDERS). */
  earnerOidcCallback(): string;
  /** Where the browser lands after signing in. */
  afterSignIn(): string;
}

/** A provider's answer that failed verification: why, for the audit log (never shown in detail to the browser). */
export class SsoRefusal extends Error {
  constructor(readonly reason: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SsoRefusal';
  }
}
