import type { JsonObject } from '../contexts/bundled.js';
import type { DocumentLoader } from '../contexts/document-loader.js';
import { assertTermsDefined, type TermsCheck } from './defined-terms.js';
import { SigningError } from './errors.js';
import { signCompactJws, type JwsSigner } from './jws-signer.js';

export const VC_JWT = 'vc-jwt';

/** JOSE algorithms Laurel signs VC-JWTs with: RS256 (OB 3.0's baseline), EdDSA for did:key issuers. */
export type VcJwtAlgorithm = 'RS256' | 'EdDSA';

export interface VcJwtSignOptions {
  /** Default RS256. */
  alg?: VcJwtAlgorithm | undefined;
  /** Private key for `alg`: RSA (`importRsaPrivateKey`) or Ed25519 (`importEd25519PrivateKey`), or the key `signer` takes. */
  privateKey: unknown;
  /** The signature primitive `privateKey` is for; default WebCrypto. */
  signer?: JwsSigner | undefined;
  /** JOSE `kid`: a URL (or DID URL) that dereferences to the public JWK. */
  kid: string;
  documentLoader: DocumentLoader;
  /** Replaces the JSON-LD safe-mode expansion check (e.g. with one that caches per achievement). */
  checkTerms?: TermsCheck | undefined;
}

function seconds(iso: unknown, field: string): number {
  const ms = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) throw new SigningError('invalid-document', `${field} must be an ISO 8601 date-time`);
  return Math.floor(ms / 1000);
}

function issuerId(credential: JsonObject): string {
  const issuer = credential.issuer;
  const id = typeof issuer === 'string' ? issuer : (issuer as JsonObject | undefined)?.id;
  if (typeof id !== 'string') throw new SigningError('invalid-document', 'issuer.id is required');
  return id;
}

/**
 * The registered claims OB 3.0 (§ JSON Web Token Proof Format) derives from the credential:
 * `iss` = issuer.id, `jti` = id, `nbf` = validFrom, `exp` = validUntil, `sub` = credentialSubject.id.
 * `sub` is omitted when the subject has no `id` (it is identified by a hashed `identifier`).
 */
export function vcJwtClaims(credential: JsonObject): Record<string, string | number> {
  if (typeof credential.id !== 'string') throw new SigningError('invalid-document', 'credential id is required for jti');
  const subject = credential.credentialSubject as JsonObject | undefined;
  const claims: Record<string, string | number> = {
    iss: issuerId(credential),
    jti: credential.id,
    nbf: seconds(credential.validFrom, 'validFrom'),
  };
  if (credential.validUntil !== undefined) claims.exp = seconds(credential.validUntil, 'validUntil');
  if (typeof subject?.id === 'string') claims.sub = subject.id;
  return claims;
}

/**
 * OB 3.0 VC-JWT: a compact JWS (RS256 unless told otherwise, `typ: JWT`, `kid`) whose payload is the credential itself
 * with the registered claims added (the VC Data Model 2.0 form the current OB 3.0 spec uses;
 * no `vc` wrapper). Embedded proofs, if any, stay inside the payload.
 */
export async function signVcJwt(credential: JsonObject, options: VcJwtSignOptions): Promise<string> {
  const claims = vcJwtClaims(credential);
  await (options.checkTerms ?? assertTermsDefined)(credential, options.documentLoader);
  const payload = new TextEncoder().encode(JSON.stringify({ ...credential, ...claims }));
  return signCompactJws({ alg: options.alg ?? 'RS256', typ: 'JWT', kid: options.kid }, payload, options.privateKey, options.signer);
}
