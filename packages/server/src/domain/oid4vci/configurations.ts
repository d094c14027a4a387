import { HOLDER_BINDING_METHODS, HOLDER_PROOF_ALGS, OB3_CREDENTIAL_CONTEXTS } from '@laurel/core';
import type { Achievement } from '../achievements/ports.js';
import type { HolderBoundFormat } from '../credentials/sign-holder-bound.js';
import type { Issuer } from '../issuers/ports.js';

/** OpenID4VCI credential formats Laurel issues, with the signed form each is. */
export const WALLET_FORMATS = { ldp_vc: 'ob3', jwt_vc_json: 'vc-jwt' } as const satisfies Record<string, HolderBoundFormat>;
export type WalletFormat = keyof typeof WALLET_FORMATS;

const OB3_TYPES = ['VerifiableCredential', 'OpenBadgeCredential'];

/** A credential configuration is one achievement in one format: `<achievement id>.<format>`. */
export function configurationId(achievementId: string, format: WalletFormat): string {
  return `${achievementId}.${format}`;
}

export function parseConfigurationId(id: string): { achievementId: string; format: WalletFormat } | undefined {
  const dot = id.lastIndexOf('.');
  const format = id.slice(dot + 1);
  if (dot < 1 || !Object.hasOwn(WALLET_FORMATS, format)) return undefined;
  return { achievementId: id.slice(0, dot), format: format as WalletFormat };
}

/** The scope a wallet registers to ask for credentials by scope; each configuration's own scope is `laurel.wallet:<configuration id>`. */
export const WALLET_SCOPE = 'laurel.wallet';
const SCOPE_PREFIX = `${WALLET_SCOPE}:`;

/** The scope of one credential configuration (OpenID4VCI 1.0 §12.2.4 `scope`, for the authorization code flow). */
export const configurationScope = (configurationId: string): string => `${SCOPE_PREFIX}${configurationId}`;

/** The configuration a `laurel.wallet:<id>` scope names, or undefined. */
export function configurationOfScope(scope: string): string | undefined {
  if (!scope.startsWith(SCOPE_PREFIX)) return undefined;
  const id = scope.slice(SCOPE_PREFIX.length);
  return id.length <= 200 && parseConfigurationId(id) ? id : undefined;
}

/** The JWS algorithm of the issuer's VC-JWTs: EdDSA under a did:key, RS256 under did:web. */
const jwtAlgOf = (issuer: Issuer) => (issuer.identity === 'did:key' ? 'EdDSA' : 'RS256');

/**
 * The Credential Configurations of one achievement (OpenID4VCI 1.0 §12.2.4, Appendix A.1): OB 3.0 as
 * `ldp_vc` (Data Integrity, eddsa-rdfc-2022) and as `jwt_vc_json` (VC-JWT), bound to a key the wallet
 * proves with a `jwt` proof; shown in the wallet with the achievement's name and badge image.
 */
export function configurationsOf(issuer: Issuer, achievement: Achievement, badgeImage: string): Record<string, Record<string, unknown>> {
  const common = {
    cryptographic_binding_methods_supported: [...HOLDER_BINDING_METHODS],
    proof_types_supported: { jwt: { proof_signing_alg_values_supported: [...HOLDER_PROOF_ALGS] } },
    credential_metadata: {
      display: [{ name: achievement.name, description: achievement.description, logo: { uri: badgeImage, alt_text: achievement.name } }],
    },
  };
  return {
    [configurationId(achievement.id, 'ldp_vc')]: {
      format: 'ldp_vc',
      scope: configurationScope(configurationId(achievement.id, 'ldp_vc')),
      credential_signing_alg_values_supported: ['eddsa-rdfc-2022'],
      credential_definition: { '@context': [...OB3_CREDENTIAL_CONTEXTS], type: OB3_TYPES },
      ...common,
    },
    [configurationId(achievement.id, 'jwt_vc_json')]: {
      format: 'jwt_vc_json',
      scope: configurationScope(configurationId(achievement.id, 'jwt_vc_json')),
      credential_signing_alg_values_supported: [jwtAlgOf(issuer)],
      credential_definition: { type: OB3_TYPES },
      ...common,
    },
  };
}
