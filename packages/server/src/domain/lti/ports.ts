import type { JsonWebKey } from 'node:crypto';

/** An LMS (LTI 1.3 platform) registered by an organisation, with the tool's own key for this registration. */
export interface LtiPlatform {
  id: string;
  orgId: string;
  name: string;
  /** The platform's `iss`. */
  issuer: string;
  clientId: string;
  deploymentIds: string[];
  /** OIDC authorization endpoint of the third-party login. */
  authLoginUrl: string;
  jwksUrl: string;
  /** OAuth 2.0 token endpoint (client credentials with a JWT bearer assertion, RFC 7523). */
  tokenUrl: string;
  toolKid: string;
  toolPublicJwk: JsonWebKey;
  /** The tool's RSA private key (JWK), sealed by the key vault with `lti-platform:<id>` as AAD. */
  toolPrivateJwkSealed: string;
  createdAt: string;
}

/** What an instructor's deep-linking launch leaves for the response. */
export interface DeepLinkContext {
  returnUrl: string;
  data: string | null;
  deploymentId: string;
  contextId: string | null;
}

/** One OIDC login initiation: consumed once by the launch that completes it. */
export interface LtiLaunch {
  state: string;
  orgId: string;
  platformId: string;
  nonce: string;
  expiresAt: string;
  consumedAt: string | null;
  deepLink: DeepLinkContext | null;
}

/** An achievement placed in a course: awarded when a learner's score on the line item reaches the threshold. */
export interface LtiPlacement {
  id: string;
  orgId: string;
  platformId: string;
  achievementId: string;
  /** The award rule (event type `lti.score:<placement id>`) through which awards are made. */
  ruleId: string;
  /** Fraction of the maximum score, 0 < threshold ≤ 1. */
  threshold: number;
  contextId: string | null;
  lineitemUrl: string | null;
  membershipsUrl: string | null;
  lastSyncedAt: string | null;
  createdAt: string;
}

export interface LtiRepo {
  insertPlatform(p: LtiPlatform): Promise<void>;
  listPlatforms(orgId: string): Promise<LtiPlatform[]>;
  findPlatform(orgId: string, id: string): Promise<LtiPlatform | undefined>;
  /** Not scoped: the login initiation and the JWKS name a platform by its id; what it may do is checked after. */
  findPlatformById(id: string): Promise<LtiPlatform | undefined>;
  deletePlatform(orgId: string, id: string): Promise<boolean>;
  insertLaunch(l: LtiLaunch): Promise<void>;
  /** Forgets the platform's logins that expired before `before`. */
  deleteExpiredLaunches(platformId: string, before: string): Promise<void>;
  /** Not scoped: the state is a secret the browser carries. */
  findLaunch(state: string): Promise<LtiLaunch | undefined>;
  /** Marks the launch consumed; false when it already was (a replay). */
  consumeLaunch(state: string, at: string, deepLink: DeepLinkContext | null): Promise<boolean>;
  /** Takes the deep-linking context of a consumed launch, once. */
  takeDeepLink(state: string): Promise<DeepLinkContext | undefined>;
  insertPlacement(p: LtiPlacement): Promise<void>;
  findPlacement(orgId: string, id: string): Promise<LtiPlacement | undefined>;
  listPlacements(orgId: string): Promise<LtiPlacement[]>;
  updatePlacementEndpoints(orgId: string, id: string, lineitemUrl: string | null, membershipsUrl: string | null, contextId: string | null): Promise<void>;
  markSynced(orgId: string, id: string, at: string): Promise<void>;
  /** Every organisation's placements that have a line item (the scheduled sweep queues one job each). */
  placementsToSync(): Promise<Array<{ orgId: string; id: string }>>;
  insertRegistrationLink(link: { tokenHash: string; orgId: string; expiresAt: string }): Promise<void>;
  /** Marks a registration link used and answers its organisation; undefined when unknown, expired or used. */
  useRegistrationLink(tokenHash: string, at: string): Promise<string | undefined>;
  /** The recipient's credential of the achievement, if any (newest). */
  credentialFor(orgId: string, achievementId: string, email: string): Promise<{ id: string; status: string } | undefined>;
}

/** Outbound HTTP to platforms, behind the SSRF guard. */
export interface LtiHttp {
  getJson(url: string, headers: Record<string, string>): Promise<unknown>;
  /** A page of a paged LTI service, with the URL of the next page (`Link: <…>; rel="next"`), if any. */
  getPage(url: string, headers: Record<string, string>): Promise<{ json: unknown; next: string | null }>;
  postForm(url: string, form: Record<string, string>): Promise<unknown>;
  postJson(url: string, body: unknown, headers: Record<string, string>): Promise<unknown>;
}
