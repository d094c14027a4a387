import type { Deps } from '../deps.js';
import type { AuthorizationExtension } from '../oauth/scopes.js';
import { configurationId, configurationOfScope, parseConfigurationId, WALLET_FORMATS, WALLET_SCOPE, type WalletFormat } from './configurations.js';

/** The RFC 9396 authorization details type of OpenID4VCI 1.0 §5.1.1. */
export const OPENID_CREDENTIAL = 'openid_credential';

const FORMAT_WORDS: Record<WalletFormat, string> = { ldp_vc: 'Open Badges 3.0, Data Integrity', jwt_vc_json: 'Open Badges 3.0, VC-JWT' };

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * OpenID4VCI's authorization code flow, plugged into Laurel's authorization server: an `openid_credential`
 * authorization detail naming one credential configuration (optionally the Credential Issuer in
 * `locations`), a configuration's own scope, or an offer's `issuer_state`. The consent page names the credential (achievement,
 * issuer, format). What the earner may actually receive is decided at the credential endpoint: their own
 * awards of that achievement from that issuer, nothing else.
 */
export function oid4vciAuthorizationExtension(deps: Pick<Deps, 'store' | 'urls' | 'clock'>): AuthorizationExtension {
  const issuerPrefix = deps.urls.walletIssuer('');
  const describe = async (configurationId: string): Promise<string | undefined> => {
    const parsed = parseConfigurationId(configurationId);
    if (!parsed) return undefined;
    const achievement = await deps.store.achievements.findPublic(parsed.achievementId);
    const issuer = achievement ? await deps.store.issuers.findPublic(achievement.issuerId) : undefined;
    if (!achievement || !issuer) return `Receive a credential in your wallet (${configurationId}, unknown)`;
    return `Receive your “${achievement.name}” credential from ${issuer.name} in your wallet (${FORMAT_WORDS[parsed.format]})`;
  };
  return {
    scopes: [{ name: WALLET_SCOPE, audience: 'earner', description: 'Receive your credentials in a wallet app' }],
    dynamicScope: (name) => {
      const id = configurationOfScope(name);
      return id ? { name, audience: 'earner', umbrella: WALLET_SCOPE, description: `Receive your ${id} credential in your wallet` } : undefined;
    },
    describeScope: async (name) => {
      const id = configurationOfScope(name);
      return id ? describe(id) : undefined;
    },
    authorizationDetails: {
      [OPENID_CREDENTIAL]: {
        validate(detail, client) {
          if (!client.scopes.includes(WALLET_SCOPE)) return { ok: false, reason: `this client did not register the ${WALLET_SCOPE} scope` };
          const id = detail.credential_configuration_id;
          if (detail.format !== undefined) return { ok: false, reason: 'name a credential_configuration_id (the format form of earlier drafts is not supported)' };
          if (typeof id !== 'string' || id.length > 200 || !parseConfigurationId(id)) return { ok: false, reason: 'credential_configuration_id must name one of the credential issuer’s configurations' };
          const { locations } = detail;
          if (locations !== undefined && (!isStringArray(locations) || locations.length !== 1 || !locations[0]!.startsWith(issuerPrefix))) {
            return { ok: false, reason: 'locations must name one Laurel credential issuer' };
          }
          // OpenID4VCI 1.0 §6.2: the granted detail names the credential identifiers to request; Laurel's is the configuration itself.
          return { ok: true, detail: { type: OPENID_CREDENTIAL, credential_configuration_id: id, ...(locations ? { locations } : {}), credential_identifiers: [id] } };
        },
        describe: async (detail) => (await describe(String(detail.credential_configuration_id))) ?? OPENID_CREDENTIAL,
      },
    },
    // An offer's `authorization_code` grant carries the offer's id as issuer_state: the configurations it offers
    // become the request's details (the earner still signs in, consents, and receives only their own awards).
    issuerState: async (value) => {
      const offer = await deps.store.walletOffers.findById(value);
      if (!offer || offer.redeemedAt || Date.parse(offer.expiresAt) <= deps.clock.now().getTime()) return undefined;
      const achievements = new Set<string>();
      for (const id of offer.credentialIds) {
        const credential = await deps.store.credentials.findById(offer.orgId, id);
        if (credential) achievements.add(credential.achievementId);
      }
      const locations = [deps.urls.walletIssuer(offer.issuerId)];
      return [...achievements].flatMap((a) => (Object.keys(WALLET_FORMATS) as WalletFormat[]).map((f) => ({ type: OPENID_CREDENTIAL, credential_configuration_id: configurationId(a, f), locations })));
    },
    metadata: { authorization_details_types_supported: [OPENID_CREDENTIAL] },
  };
}

/**
 * The credential configurations an earner's access token allows, with the Credential Issuer each is
 * limited to (null: any). From its `openid_credential` details and its configuration scopes.
 */
export function grantedConfigurations(grant: { scopes: readonly string[]; authorizationDetails: unknown[] | null }): Map<string, string | null> {
  const granted = new Map<string, string | null>();
  for (const d of grant.authorizationDetails ?? []) {
    const detail = d as Record<string, unknown>;
    if (detail.type !== OPENID_CREDENTIAL || typeof detail.credential_configuration_id !== 'string') continue;
    granted.set(detail.credential_configuration_id, isStringArray(detail.locations) ? (detail.locations[0] ?? null) : null);
  }
  for (const scope of grant.scopes) {
    const id = configurationOfScope(scope);
    if (id && !granted.has(id)) granted.set(id, null);
  }
  return granted;
}
