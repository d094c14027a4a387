import * as client from 'openid-client';
import { verifyLogoutToken, type KeySetCache } from './logout-token.js';
import { SsoRefusal, type AssertedIdentity, type OidcRelyingParty, type OidcSettings } from '../../domain/sso/ports.js';
import type { idpFetch } from './guarded-fetch-api.js';

/** `amr` values (RFC 8176) that mean more than one factor was used. */
const MULTI_FACTOR_AMR = new Set(['mfa', 'hwk', 'swk', 'otp', 'sms', 'fpt', 'face', 'iris', 'retina', 'vbm', 'sc', 'tel']);

const values = (claim: unknown): string[] => (Array.isArray(claim) ? claim.filter((v): v is string => typeof v === 'string') : typeof claim === 'string' ? [claim] : []);

/**
 * Whether the provider vouches for the address. Only a literal `true` counts (some providers send the string
 * "true": that is not trusted either). Microsoft's identity platform sends no `email_verified`; its optional
 * claim `xms_edov` ("email domain owner verified", added to the app registration's ID token) is read instead,
 * from Microsoft's issuers only.
 */
export function emailVerifiedOf(issuer: string, claims: Record<string, unknown>): boolean {
  if (claims.email_verified === true) return true;
  return new URL(issuer).origin === 'https://login.microsoftonline.com' && claims.email_verified === undefined && claims.xms_edov === true;
}

/**
 * The OpenID Connect relying party over openid-client (panva): discovery, authorization code flow with
 * PKCE (S256), state and nonce; the ID token's signature is checked against the provider's JWKS as well
 * as its issuer, audience, expiry and nonce. Every request goes through the SSRF-guarded fetch.
 */
export function openIdClientRelyingParty(guarded: ReturnType<typeof idpFetch>): OidcRelyingParty {
  const keySets: KeySetCache = new Map();
  async function configure(settings: OidcSettings, clientSecret: string): Promise<client.Configuration> {
    const issuer = new URL(settings.issuer);
    const insecure = issuer.protocol === 'http:' && guarded.isAllowListed(issuer);
    let config: client.Configuration;
    try {
      config = await client.discovery(issuer, settings.clientId, { client_secret: clientSecret, id_token_signed_response_alg: 'RS256' }, client.ClientSecretPost(clientSecret), {
        [client.customFetch]: guarded.fetch as client.CustomFetch,
        ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
        timeout: 10,
      });
    } catch (error) {
      throw new SsoRefusal('discovery-failed', `the identity provider's configuration could not be read`, { cause: error });
    }
    config[client.customFetch] = guarded.fetch as client.CustomFetch;
    client.enableNonRepudiationChecks(config);
    return config;
  }

  return {
    async authorizationUrl(input) {
      const config = await configure(input.settings, input.clientSecret);
      return client
        .buildAuthorizationUrl(config, {
          redirect_uri: input.redirectUri,
          scope: 'openid email profile',
          response_type: 'code',
          state: input.state,
          nonce: input.nonce,
          code_challenge: await client.calculatePKCECodeChallenge(input.codeVerifier),
          code_challenge_method: 'S256',
        })
        .toString();
    },
    async endSessionUrl(input) {
      const config = await configure(input.settings, input.clientSecret);
      if (!config.serverMetadata().end_session_endpoint) return null;
      return client.buildEndSessionUrl(config, { client_id: input.settings.clientId, post_logout_redirect_uri: input.postLogoutRedirectUri }).href;
    },
    async verifyLogoutToken(input) {
      const config = await configure(input.settings, input.clientSecret);
      return verifyLogoutToken({ config, clientId: input.settings.clientId, logoutToken: input.logoutToken, fetch: guarded.fetch, keySets });
    },
    async callback(input): Promise<AssertedIdentity> {
      const config = await configure(input.settings, input.clientSecret);
      let claims: Record<string, unknown>;
      try {
        const tokens = await client.authorizationCodeGrant(config, input.currentUrl, { pkceCodeVerifier: input.codeVerifier, expectedState: input.expectedState, expectedNonce: input.expectedNonce, idTokenExpected: true }, { redirect_uri: input.redirectUri });
        const idClaims = tokens.claims();
        if (!idClaims) throw new SsoRefusal('no-id-token', 'the provider answered no ID token');
        claims = { ...idClaims };
        // Some providers (Okta, Keycloak by default) put e-mail or groups in the UserInfo answer only.
        if ((claims.email === undefined || claims[input.roleClaim] === undefined) && tokens.access_token) {
          const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
          for (const [key, value] of Object.entries(info)) if (claims[key] === undefined) claims[key] = value;
        }
      } catch (error) {
        if (error instanceof SsoRefusal) throw error;
        const code = (error as { code?: string }).code;
        throw new SsoRefusal(code ? `oidc:${code}` : 'oidc-failed', 'the identity provider’s answer was refused', { cause: error });
      }
      const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : null;
      return {
        subject: String(claims.sub),
        email,
        emailVerified: emailVerifiedOf(input.settings.issuer, claims),
        name: typeof claims.name === 'string' ? claims.name.slice(0, 200) : null,
        roleValues: values(claims[input.roleClaim]),
        mfa: values(claims.amr).some((v) => MULTI_FACTOR_AMR.has(v)),
        ...(typeof claims.sid === 'string' && claims.sid.length <= 512 ? { sid: claims.sid } : {}),
      };
    },
  };
}
