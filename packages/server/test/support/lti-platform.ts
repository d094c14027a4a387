import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JSONWebKeySet, type JWK, type JWTPayload, type CryptoKey } from 'jose';

/**
 * A simulated LTI 1.3 platform (an LMS) for tests: real HTTP on a loopback port, RS256 id_tokens signed
 * with `jose` (not Laurel's code), its JWKS, an OAuth token endpoint that takes RFC 7523 client assertions
 * checked against the tool's published JWKS, an AGS results service and an NRPS roster.
 */
export interface LtiUser { sub: string; email: string; name: string; roles: string[] }

export const ROLE = {
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
};

const read = (req: IncomingMessage) => new Promise<string>((resolve) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => resolve(body));
});

export class SimulatedPlatform {
  readonly clientId = 'laurel-tool';
  readonly deploymentId = 'deployment-1';
  readonly contextId = 'course-101';
  base = '';
  private server!: Server;
  private key!: CryptoKey;
  private jwk!: JWK;
  /** What the platform learned of the tool at registration: its keyset (as the admin pasted its URL). */
  toolJwks: JSONWebKeySet | undefined;
  readonly tokens = new Set<string>();
  /** Line items created from deep-linking responses: id -> { label, scoreMaximum, custom }. */
  readonly lineItems = new Map<string, { label: string; scoreMaximum: number; custom: Record<string, string> }>();
  /** The gradebook: line item id -> user id -> score. */
  readonly scores = new Map<string, Map<string, number>>();
  readonly roster: LtiUser[] = [];
  readonly calls = { token: 0, results: 0, memberships: 0 };
  /** Dynamic registration: the token the platform hands the tool, and what the tool registered. */
  readonly registrationToken = 'reg-token-1';
  registered: Record<string, unknown> | undefined;

  get issuer(): string { return this.base; }

  async start(): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    this.key = privateKey;
    this.jwk = { ...(await exportJWK(publicKey)), kid: 'platform-key-1', alg: 'RS256', use: 'sig' };
    this.server = createServer((req, res) => void this.handle(req).then(({ status, body, type, link }) => {
      res.writeHead(status, { 'content-type': type ?? 'application/json', ...(link ? { link } : {}) });
      res.end(JSON.stringify(body));
    }));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Services answer in pages (results 1, members 2 at a time) with `Link: rel="next"`, as Canvas does. */
  private page<T>(url: URL, items: T[], size: number): { items: T[]; link?: string } {
    const n = Number(url.searchParams.get('page') ?? '0');
    const next = new URL(url.href);
    next.searchParams.set('page', String(n + 1));
    return { items: items.slice(n * size, (n + 1) * size), ...((n + 1) * size < items.length ? { link: `<${next.href}>; rel="next"` } : {}) };
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown; type?: string; link?: string }> {
    const url = new URL(req.url ?? '/', this.base);
    if (url.pathname === '/jwks') return { status: 200, body: { keys: [this.jwk] } };
    if (url.pathname === '/.well-known/openid-configuration') {
      return { status: 200, body: {
        // `?issuer=`: a configuration that names another issuer than the origin serving it (a test's forgery).
        issuer: url.searchParams.get('issuer') ?? this.issuer, authorization_endpoint: `${this.base}/auth`, token_endpoint: `${this.base}/token`, jwks_uri: `${this.base}/jwks`,
        registration_endpoint: `${this.base}/register`, scopes_supported: ['openid'], response_types_supported: ['id_token'],
        'https://purl.imsglobal.org/spec/lti-platform-configuration': { product_family_code: 'simulated', version: '1', messages_supported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }] },
      } };
    }
    if (url.pathname === '/register' && req.method === 'POST') {
      if (req.headers.authorization !== `Bearer ${this.registrationToken}`) return { status: 401, body: { error: 'invalid_token' } };
      this.registered = JSON.parse(await read(req)) as Record<string, unknown>;
      return { status: 200, body: { ...this.registered, client_id: 'dynamic-client', 'https://purl.imsglobal.org/spec/lti-tool-configuration': { ...(this.registered['https://purl.imsglobal.org/spec/lti-tool-configuration'] as object), deployment_id: 'dynamic-deployment' } } };
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      this.calls.token += 1;
      const form = new URLSearchParams(await read(req));
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' || !this.toolJwks) return { status: 400, body: { error: 'invalid_request' } };
      try {
        await jwtVerify(form.get('client_assertion') ?? '', createLocalJWKSet(this.toolJwks), { issuer: this.clientId, subject: this.clientId, audience: `${this.base}/token`, algorithms: ['RS256'] });
      } catch {
        return { status: 401, body: { error: 'invalid_client' } };
      }
      const token = randomBytes(16).toString('hex');
      this.tokens.add(token);
      return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: form.get('scope') } };
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !this.tokens.has(bearer)) return { status: 401, body: { error: 'invalid_token' } };
    const results = /^\/lineitems\/([^/]+)\/results$/.exec(url.pathname);
    if (results && req.headers.accept?.includes('resultcontainer')) {
      this.calls.results += 1;
      const item = this.lineItems.get(results[1]!);
      if (!item) return { status: 404, body: {} };
      const all = [...(this.scores.get(results[1]!) ?? new Map<string, number>())].map(([userId, score]) => ({
        id: `${this.base}/lineitems/${results[1]}/results/${userId}`, scoreOf: `${this.base}/lineitems/${results[1]}`, userId, resultScore: score, resultMaximum: item.scoreMaximum,
      }));
      const { items, link } = this.page(url, all, 1);
      return { status: 200, body: items, type: 'application/vnd.ims.lis.v2.resultcontainer+json', ...(link ? { link } : {}) };
    }
    if (url.pathname === `/contexts/${this.contextId}/memberships`) {
      this.calls.memberships += 1;
      const { items, link } = this.page(url, this.roster, 2);
      return {
        status: 200, type: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json', ...(link ? { link } : {}),
        body: { id: url.href, context: { id: this.contextId }, members: items.map((u) => ({ status: 'Active', user_id: u.sub, email: u.email, name: u.name, roles: u.roles })) },
      };
    }
    return { status: 404, body: {} };
  }

  /** The platform's answer to the tool's authorization request: the id_token it form_posts to redirect_uri. */
  async idToken(user: LtiUser, nonce: string, message: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest', options: { lineItemId?: string; claims?: JWTPayload; key?: CryptoKey; kid?: string } = {}): Promise<string> {
    const item = options.lineItemId ? this.lineItems.get(options.lineItemId) : undefined;
    const now = Math.floor(Date.now() / 1000);
    const claims: JWTPayload = {
      iss: this.issuer, aud: this.clientId, sub: user.sub, iat: now, exp: now + 300,
      nonce, email: user.email, name: user.name,
      'https://purl.imsglobal.org/spec/lti/claim/message_type': message,
      'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
      'https://purl.imsglobal.org/spec/lti/claim/deployment_id': this.deploymentId,
      'https://purl.imsglobal.org/spec/lti/claim/roles': user.roles,
      'https://purl.imsglobal.org/spec/lti/claim/context': { id: this.contextId, title: 'Intro to Rust' },
      'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': { context_memberships_url: `${this.base}/contexts/${this.contextId}/memberships`, service_versions: ['2.0'] },
      ...(message === 'LtiDeepLinkingRequest'
        ? { 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': { deep_link_return_url: `${this.base}/deep-link-return`, accept_types: ['ltiResourceLink'], accept_presentation_document_targets: ['iframe'], data: 'opaque-platform-data' } }
        : {
          'https://purl.imsglobal.org/spec/lti/claim/resource_link': { id: `link-${options.lineItemId ?? 'none'}` },
          'https://purl.imsglobal.org/spec/lti/claim/custom': item?.custom ?? {},
          'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': { scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly'], lineitems: `${this.base}/lineitems`, ...(item ? { lineitem: `${this.base}/lineitems/${options.lineItemId}` } : {}) },
        }),
      ...options.claims,
    };
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'platform-key-1' }).sign(options.key ?? this.key);
  }

  /** The deep-link return URL's handling: the tool's response JWT verified against its keyset, its line item created. */
  async acceptDeepLinkResponse(jwt: string): Promise<{ lineItemId: string; payload: JWTPayload }> {
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(this.toolJwks!), { issuer: this.clientId, audience: this.issuer, algorithms: ['RS256'] });
    if (payload['https://purl.imsglobal.org/spec/lti/claim/message_type'] !== 'LtiDeepLinkingResponse') throw new Error('not a deep-linking response');
    const [item] = payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as Array<{ type: string; custom: Record<string, string>; lineItem: { scoreMaximum: number; label: string } }>;
    const lineItemId = String(this.lineItems.size + 1);
    this.lineItems.set(lineItemId, { label: item!.lineItem.label, scoreMaximum: item!.lineItem.scoreMaximum, custom: item!.custom });
    return { lineItemId, payload };
  }

  postScore(lineItemId: string, userId: string, score: number): void {
    const book = this.scores.get(lineItemId) ?? new Map<string, number>();
    book.set(userId, score);
    this.scores.set(lineItemId, book);
  }
}
