import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider from 'oidc-provider';
import { afterAll, beforeAll } from 'vitest';
import { ssoServices } from '../../src/adapters/sso/index.js';
import type { Engine } from '../../src/adapters/storage/db.js';
import { BASE_URL, createTestApp, type TestContext } from './test-app.js';

/**
 * A real OpenID Provider (`oidc-provider`, panva) on a loopback port for tests: one confidential client,
 * PKCE required, RS256 ID tokens, and an interaction that signs in whoever `next.sub` names at once.
 */

export interface IdpClient {
  client_id: string;
  client_secret: string;
}

export interface Account {
  email: string;
  email_verified: boolean;
  name: string;
  groups: string[];
}

export interface Idp {
  issuer: string;
  /** Who signs in at the next interaction (by subject). */
  accounts: Map<string, Account>;
  next: { sub: string };
  /** Serve discovery whose token endpoint is another issuer's (a mix-up). */
  tokenEndpointOf?: string | undefined;
  /** Serve discovery whose jwks_uri is this URL (a provider pointing Laurel's key fetch somewhere else). */
  jwksUri?: string | undefined;
  /** How many times the provider asked someone to sign in (an interaction): none while its own session lasts. */
  interactions: number;
  /** Hold token requests until this many have arrived, then answer them together (two callbacks racing). */
  holdTokens?: number | undefined;
  /**
   * With `backchannelLogout`: the provider posts logout tokens to its own `/rp/backchannel-logout`, and this
   * relays each form body to Laurel (the app under test has no port) and answers with Laurel's status.
   */
  backchannel?: ((form: string) => Promise<number>) | undefined;
  /** The logout tokens the provider sent, in order. */
  logoutTokens: string[];
  /** Back-channel deliveries that failed (oidc-provider's `backchannel.error`). */
  backchannelErrors: Error[];
  server: Server;
}

export interface IdpOptions {
  /** Turn on OpenID Connect Back-Channel Logout (oidc-provider's `backchannelLogout` feature; `sid` in ID tokens). */
  backchannelLogout?: boolean;
}

export const BACKCHANNEL_RELAY_PATH = '/rp/backchannel-logout';

export async function startIdp(sharedKey: object, client: IdpClient, redirectUris: string[], options: IdpOptions = {}): Promise<Idp> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const idp: Idp = { issuer, accounts: new Map(), next: { sub: '' }, interactions: 0, logoutTokens: [], backchannelErrors: [], server };
  const backchannel = options.backchannelLogout ? { backchannel_logout_uri: `${issuer}${BACKCHANNEL_RELAY_PATH}`, backchannel_logout_session_required: true } : {};
  const provider = new Provider(issuer, {
    clients: [{ ...client, ...backchannel, redirect_uris: redirectUris, post_logout_redirect_uris: redirectUris.map((u) => new URL('/sign-in', u).href), token_endpoint_auth_method: 'client_secret_post', id_token_signed_response_alg: 'RS256' }],
    jwks: { keys: [sharedKey] },
    cookies: { keys: ['test cookie key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    features: { devInteractions: { enabled: false }, backchannelLogout: { enabled: Boolean(options.backchannelLogout) } },
    // oidc-provider refuses to call special-use addresses; its back-channel relay here is on loopback.
    fetch: (url: string | URL, init: RequestInit & { dispatcher?: unknown }) => {
      const { dispatcher: _loopbackRefused, ...rest } = init;
      return fetch(url, rest);
    },
    pkce: { required: () => true },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx: unknown, sub: string) => {
      const account = idp.accounts.get(sub);
      return account && { accountId: sub, claims: async () => ({ sub, ...account }) };
    },
  });
  provider.on('backchannel.error', (_ctx: unknown, error: Error) => idp.backchannelErrors.push(error));
  const handle = provider.callback();
  let held: (() => void)[] = [];
  server.on('request', async (req, res) => {
    try {
      if (idp.holdTokens && req.method === 'POST' && req.url === '/token') {
        await new Promise<void>((release) => {
          held.push(release);
          if (held.length >= idp.holdTokens!) {
            for (const r of held) r();
            held = [];
          }
        });
      }
      if (req.url === BACKCHANNEL_RELAY_PATH && req.method === 'POST') {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const form = Buffer.concat(chunks).toString('utf8');
        idp.logoutTokens.push(new URLSearchParams(form).get('logout_token') ?? '');
        res.statusCode = idp.backchannel ? await idp.backchannel(form) : 200;
        res.end();
        return;
      }
      if (req.url?.startsWith('/interaction/')) {
        // The person signs in and consents at once (the provider's own UI is not under test).
        idp.interactions++;
        const details = await provider.interactionDetails(req, res);
        const grant = new provider.Grant({ accountId: idp.next.sub, clientId: details.params.client_id });
        grant.addOIDCScope(details.params.scope);
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { login: { accountId: idp.next.sub }, consent: { grantId } }, { mergeWithLastSubmission: false });
        return;
      }
      if ((idp.tokenEndpointOf || idp.jwksUri) && req.url === '/.well-known/openid-configuration' && !req.headers['x-inner']) {
        const real = await (await fetch(`${issuer}/.well-known/openid-configuration`, { headers: { 'x-inner': '1' } })).json();
        res.setHeader('content-type', 'application/json');
        const mixUp = idp.tokenEndpointOf ? { token_endpoint: `${idp.tokenEndpointOf}/token`, authorization_response_iss_parameter_supported: false } : {};
        res.end(JSON.stringify({ ...real, ...mixUp, ...(idp.jwksUri ? { jwks_uri: idp.jwksUri } : {}) }));
        return;
      }
      handle(req, res);
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  });
  return idp;
}

/** The provider's signing key for a test file (RS256, as a private JWK with its `kid`). */
export async function idpSigningKey(kid = 'idp-key'): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
}

export interface IdpPair {
  idp: Idp;
  /** Another issuer with the same signing key and the same people (mix-up and wrong-issuer tests). */
  other: Idp;
  /** The private signing key both use (tests forge tokens with it). */
  key: JWK;
}

/**
 * The two providers a test file signs in against, started before its tests and closed after. The fields
 * are filled in by the file's `beforeAll`: read them inside hooks and tests.
 */
export function useIdpPair(client: IdpClient, redirectUris: string[], options: IdpOptions = {}): IdpPair {
  const pair = {} as IdpPair;
  beforeAll(async () => {
    pair.key = await idpSigningKey();
    pair.idp = await startIdp(pair.key, client, redirectUris, options);
    pair.other = await startIdp(pair.key, client, redirectUris, options);
    pair.other.accounts = pair.idp.accounts;
  });
  afterAll(async () => {
    for (const s of [pair.idp?.server, pair.other?.server]) if (s) await new Promise((resolve) => s.close(resolve));
  });
  return pair;
}

/** A test app whose SSRF-guarded fetch allow-lists exactly these providers' `127.0.0.1:<port>` (as LAUREL_FETCH_ALLOW_HOSTS would). */
export async function appReachingIdps(engine: Engine, idps: Idp[]): Promise<TestContext> {
  const ctx = await createTestApp(engine);
  ctx.deps.sso = ssoServices({ baseUrl: BASE_URL, allowHosts: idps.map((i) => new URL(i.issuer).host) });
  return ctx;
}

export const cookieOf = (res: { cookies: { name: string; value: string }[] }, name: string) => res.cookies.find((c) => c.name === name)?.value;

/** A browser's cookies at the provider: kept from each answer, sent with each request. */
export class CookieJar extends Map<string, string> {
  keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }
  header(): string {
    return [...this].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Ends the browser's session at the provider through its end_session_endpoint (oidc-provider's confirmation
 * form, confirmed with `logout=yes`: every client's session, which sends back-channel logouts); where it
 * sends the browser back.
 */
export async function endSessionAtIdp(idp: Idp, endSessionUrl: URL | string, jar: CookieJar): Promise<string | null> {
  const confirm = await fetch(endSessionUrl, { headers: { cookie: jar.header() } });
  jar.keep(confirm);
  const form = await confirm.text();
  const action = /<form[^>]*action="([^"]+)"/.exec(form)![1]!;
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)![1]!;
  const done = await fetch(new URL(action, idp.issuer), { method: 'POST', redirect: 'manual', headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ xsrf, logout: 'yes' }) });
  jar.keep(done);
  await done.body?.cancel();
  return done.headers.get('location');
}
