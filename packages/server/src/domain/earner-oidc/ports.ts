/**
 * Earners signing in with a public OpenID Provider (Google, Microsoft, LinkedIn… configured by the
 * operator): the providers, the sign-ins on their way there and back, and the (provider, subject) links.
 */

/** An OpenID Provider earners may sign in with (LAUREL_EARNER_OIDC_PROVIDERS). */
export interface EarnerProvider {
  /** Short, stable name in URLs and links ("google"); lower case letters, digits and dashes. */
  id: string;
  /** What the button says after "Continue with" ("Google"). */
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** A sign-in sent to the provider, waiting for its answer (single use, ten minutes). */
export interface EarnerOidcPending {
  /** sha256 of the state. */
  id: string;
  provider: string;
  nonce: string;
  codeVerifier: string;
  createdAt: string;
  expiresAt: string;
}

/** A provider's subject linked to a Laurel account. */
export interface EarnerOidcLink {
  id: string;
  provider: string;
  subject: string;
  userId: string;
  /** The address the provider asserted when the link was made (shown to the earner). */
  email: string | null;
  createdAt: string;
  lastSignInAt: string | null;
}

export interface EarnerOidcRepo {
  insertPending(p: EarnerOidcPending): Promise<void>;
  /** Deletes and returns it: whoever takes it finishes the sign-in (single use). */
  takePending(id: string): Promise<EarnerOidcPending | undefined>;
  removeExpiredPending(now: string): Promise<void>;

  findLink(provider: string, subject: string): Promise<EarnerOidcLink | undefined>;
  insertLink(link: EarnerOidcLink): Promise<void>;
  touchLink(id: string, at: string): Promise<void>;
  listLinks(userId: string): Promise<EarnerOidcLink[]>;
  /** Deletes the user's link; false when they hold no link with that id. */
  removeLink(userId: string, id: string): Promise<boolean>;

  /** The account holding `email` as a verified e-mail address, if any. */
  findVerifiedEmailHolder(email: string): Promise<string | undefined>;
}
