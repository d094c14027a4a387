import type { Deps } from '../../domain/deps.js';
import type { SsoUrls } from '../../domain/sso/ports.js';
import type { HostPattern } from '../fetch/host-allow-list.js';
import { idpFetch } from './guarded-fetch-api.js';
import { nodeSamlServiceProvider } from './node-saml-sp.js';
import { openIdClientRelyingParty } from './openid-client-rp.js';

/** Where identity providers send people back, under LAUREL_BASE_URL. */
export function ssoUrls(base: string): SsoUrls {
  const root = base.replace(/\/$/, '');
  return {
    oidcCallback: () => `${root}/api/v1/session/sso/oidc/callback`,
    samlAcs: (id) => `${root}/api/v1/session/sso/saml/${encodeURIComponent(id)}/acs`,
    samlSlo: (id) => `${root}/api/v1/session/sso/saml/${encodeURIComponent(id)}/slo`,
    oidcBackchannelLogout: (id) => `${root}/api/v1/session/sso/oidc/${encodeURIComponent(id)}/backchannel-logout`,
    afterSignOut: () => `${root}/sign-in`,
    samlEntityId: (id) => `${root}/api/v1/sso/saml/${encodeURIComponent(id)}/metadata`,
    earnerOidcCallback: () => `${root}/api/v1/session/earner-oidc/callback`,
    afterSignIn: () => `${root}/`,
  };
}

/** Single sign-on's adapters; outbound requests to providers go through the SSRF guard (`allowHosts`: LAUREL_FETCH_ALLOW_HOSTS). */
export function ssoServices(options: { baseUrl: string; allowHosts?: readonly HostPattern[] | undefined }): Deps['sso'] {
  const urls = ssoUrls(options.baseUrl);
  return { urls, oidc: openIdClientRelyingParty(idpFetch({ allowHosts: options.allowHosts ?? [] })), saml: nodeSamlServiceProvider(urls) };
}
