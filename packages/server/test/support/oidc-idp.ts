import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

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
  /** How many times the provider asked someone to sign in (an interaction): none while its own session lasts. */
  interactions: number;
  /** Hold token requests until this many have arrived, then answer them together (two callbacks racing). */
  holdTokens?: number | undefined;
  server: Server;
}

export async function startIdp(sharedKey: object, client: IdpClient, redirectUris: string[]): Promise<Idp> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const idp: Idp = { issuer, accounts: new Map(), next: { sub: '' }, interactions: 0, server };
  const provider = new Provider(issuer, {
    clients: [{ ...client, redirect_uris: redirectUris, post_logout_redirect_uris: redirectUris.map((u) => new URL('/sign-in', u).href), token_endpoint_auth_method: 'client_secret_post', id_token_signed_response_alg: 'RS256' }],
    jwks: { keys: [sharedKey] },
    cookies: { keys: ['test cookie key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx: unknown, sub: string) => {
      const account = idp.accounts.get(sub);
      return account && { accountId: sub, claims: async () => ({ sub, ...account }) };
    },
  });
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
      if (idp.tokenEndpointOf && req.url === '/.well-known/openid-configuration' && !req.headers['x-inner']) {
        const real = await (await fetch(`${issuer}/.well-known/openid-configuration`, { headers: { 'x-inner': '1' } })).json();
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ...real, token_endpoint: `${idp.tokenEndpointOf}/token`, authorization_response_iss_parameter_supported: false }));
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
