import type { JsonObject } from '../contexts/bundled.js';
import { checkReason, type CheckReason } from './codes.js';
import { bindIssuerKey, unresolvedWithIssuer } from './issuer-binding.js';
import { retiredKeyProblem } from './key-retirement.js';
import { idOf, isObject } from './json.js';
import { credentialOfShape, joseCoseClaimsCheck, jwtShapeOf, ob3ClaimsCheck, v1ClaimsCheck, type JwtShape } from './jwt-shapes.js';
import type { ParsedJws } from './jws.js';
import { jwsSignatureProblem } from './jws-signature.js';
import { isAcceptedJwsAlg } from './jws-verifier.js';
import type { VerifyOptions } from './options.js';
import { importPublicJwk } from './public-key-cache.js';
import { checkOf, errorMessage, fail, pass, type Check } from './report.js';
import { jwkFromDocument, resolveJwsKey } from './resolve-jwk.js';

/** The credential inside a VC-JWT payload: the `vc` claim (VC 1.1 style) or the payload itself less JWT claims. */
export function credentialFromJwtPayload(payload: JsonObject): JsonObject {
  return credentialOfShape(isObject(payload.vc) ? 'v1' : 'ob3', payload);
}

/** OB 3.0 § Verify a Credential VC-JWT Signature: the registered claims must match the credential. */
export const jwtClaimsCheck = ob3ClaimsCheck;

/**
 * The key id to bind: the header's `kid`, a relative one (`#key-1`) resolved against the issuer
 * (VC-JOSE-COSE). Without a `kid` or `jwk`, a VC-JOSE-COSE credential names its issuer's only
 * assertion method (as a did:key issuer does).
 */
function keyIdOf(header: ParsedJws['header'], issuer: string | undefined, shape: JwtShape): string | undefined {
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  if (kid?.startsWith('#') && issuer) return issuer + kid;
  if (kid === undefined && header.jwk === undefined && shape === 'jose-cose') return issuer;
  return kid;
}

function signedAt(credential: JsonObject): string | undefined {
  const at = credential.validFrom ?? credential.issuanceDate;
  return typeof at === 'string' ? at : undefined;
}

export interface JwsKey {
  /** The key as the verifier primitive imported it. */
  key: unknown;
  /** The issuer-key check this key earns once the signature holds. */
  check: Check;
}

/**
 * The key to check the signature with. A `kid` the issuer's document lists under assertionMethod
 * gives the key as that document describes it; any other `kid` (or an embedded `jwk`) is still
 * dereferenced, so the report can say whether the signature holds, but earns a failed issuer-key check.
 */
async function keyOf(header: ParsedJws['header'], credential: JsonObject, options: VerifyOptions, shape: JwtShape): Promise<JwsKey | CheckReason> {
  const issuer = idOf(credential.issuer);
  return issuerJwsKey(header, issuer, keyIdOf(header, issuer, shape), signedAt(credential), options);
}

/** The key of a JWS header (`kid` already made absolute) for `issuer`, bound through the issuer's document. */
export async function issuerJwsKey(header: ParsedJws['header'], issuer: string | undefined, kid: string | undefined, signedAt: string | undefined, options: VerifyOptions): Promise<JwsKey | CheckReason> {
  const binding = kid === undefined ? undefined : await bindIssuerKey(issuer, kid, options);
  const unreadable = binding && kid !== undefined ? unresolvedWithIssuer(binding, issuer, kid) : undefined;
  if (unreadable) return unreadable;
  try {
    if (binding?.ok && kid !== undefined) {
      const jwk = await jwkFromDocument(binding.method, kid);
      if (!jwk) throw new Error(`${kid} holds no public key`);
      const key = await importPublicJwk(jwk, header.alg, options.jwsVerifier);
      const retired = retiredKeyProblem(binding.method, signedAt);
      const check = retired
        ? checkOf('issuer-key', false, retired)
        : pass('issuer-key', 'key-controlled-by-issuer', `key ${kid} is listed by the issuer ${binding.issuer} under assertionMethod`, { key: kid, issuer: binding.issuer });
      return { key, check };
    }
    const resolved = await resolveJwsKey({ ...header, kid }, options);
    if (resolved.via === 'jwk-header') return { key: resolved.key, check: fail('issuer-key', 'key-embedded-in-header', 'the key is embedded in the JWS header; nothing binds it to the issuer') };
    return { key: resolved.key, check: checkOf('issuer-key', false, binding && !binding.ok ? binding.why : checkReason('key-not-checked', 'no key id')) };
  } catch (error) {
    const key = String(kid ?? header.kid ?? 'no kid');
    const detail = errorMessage(error);
    return checkReason('key-unresolved', `key could not be resolved: ${key} (${detail})`, { key, detail });
  }
}

/** The `proof`, `issuer-key` and `jwt-claims` checks of a VC-JWT. */
export async function vcJwtChecks(jws: string, parsed: ParsedJws, options: VerifyOptions, shape: JwtShape = jwtShapeOf(parsed)): Promise<Check[]> {
  const { header, payload } = parsed;
  const credential = credentialOfShape(shape, payload);
  const alg = header.alg;
  if (!isAcceptedJwsAlg(alg)) {
    return [
      fail('proof', 'alg-not-accepted', `JWS algorithm ${String(alg)} is not accepted (asymmetric algorithms only)`, { alg: String(alg) }),
      fail('issuer-key', 'key-not-checked', 'signature not checked'),
    ];
  }
  const found = await keyOf(header, credential, options, shape);
  if (!('key' in found)) return [checkOf('proof', false, found), checkOf('issuer-key', false, found)];
  const detail = await jwsSignatureProblem(jws, found.key, alg, options.jwsVerifier);
  if (detail !== undefined) {
    return [
      fail('proof', 'proof-invalid-signature', `JWS signature is not valid: ${detail}`, { detail }),
      fail('issuer-key', 'key-not-checked', 'signature not valid, so the key is not trusted'),
    ];
  }
  const claims = shape === 'v1' ? v1ClaimsCheck(payload, credential) : shape === 'jose-cose' ? joseCoseClaimsCheck(payload, credential) : ob3ClaimsCheck(payload, credential);
  return [pass('proof', 'proof-valid', `${alg} signature is valid`, { method: alg }), found.check, claims];
}
