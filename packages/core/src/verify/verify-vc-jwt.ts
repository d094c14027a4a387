import { compactVerify, importJWK, type KeyObject } from 'jose';
import type { JsonObject } from '../contexts/bundled.js';
import { publicJwkOf } from '../keys/rsa.js';
import { checkReason, type CheckReason } from './codes.js';
import { bindIssuerKey, unresolvedWithIssuer } from './issuer-binding.js';
import { retiredKeyProblem } from './key-retirement.js';
import { idOf, isObject } from './json.js';
import { ACCEPTED_JWS_ALGS, type ParsedJws } from './jws.js';
import type { VerifyOptions } from './options.js';
import { checkOf, errorMessage, fail, pass, type Check } from './report.js';
import { jwkFromDocument, resolveJwsKey } from './resolve-jwk.js';

const REGISTERED_CLAIMS = ['iss', 'jti', 'nbf', 'exp', 'sub', 'iat', 'aud'];

/** The credential inside a VC-JWT payload: the `vc` claim (VC 1.1 style) or the payload itself less JWT claims. */
export function credentialFromJwtPayload(payload: JsonObject): JsonObject {
  if (isObject(payload.vc)) return payload.vc;
  return Object.fromEntries(Object.entries(payload).filter(([k]) => !REGISTERED_CLAIMS.includes(k)));
}

function seconds(value: unknown): number | undefined {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/** OB 3.0 § Verify a Credential VC-JWT Signature: the registered claims must match the credential. */
export function jwtClaimsCheck(payload: JsonObject, credential: JsonObject): Check {
  const problems: Array<[claim: string, problem: string]> = [];
  const issuer = idOf(credential.issuer);
  if (payload.iss !== issuer) problems.push(['iss', `iss ${String(payload.iss)} does not match issuer.id ${String(issuer)}`]);
  if (payload.jti !== credential.id) problems.push(['jti', `jti ${String(payload.jti)} does not match id ${String(credential.id)}`]);
  const from = seconds(credential.validFrom ?? credential.issuanceDate);
  if (payload.nbf === undefined) problems.push(['nbf', 'nbf is required']);
  else if (payload.nbf !== from) problems.push(['nbf', `nbf ${String(payload.nbf)} does not match validFrom`]);
  const until = seconds(credential.validUntil ?? credential.expirationDate);
  if (until !== undefined && payload.exp !== until) problems.push(['exp', `exp ${String(payload.exp)} does not match validUntil`]);
  const subjectId = idOf(credential.credentialSubject);
  if (subjectId !== undefined && payload.sub !== subjectId) problems.push(['sub', `sub ${String(payload.sub)} does not match credentialSubject.id`]);
  if (subjectId === undefined && payload.sub !== undefined) problems.push(['sub', 'sub is set but the credentialSubject has no id']);
  if (problems.length === 0) return pass('jwt-claims', 'jwt-claims-match', 'iss, jti, nbf, exp and sub match the credential');
  const claims = problems.map(([claim]) => claim).join(', ');
  return fail('jwt-claims', 'jwt-claims-mismatch', problems.map(([, problem]) => problem).join('; '), { claims });
}

interface JwsKey {
  key: CryptoKey | KeyObject | Uint8Array;
  /** The issuer-key check this key earns once the signature holds. */
  check: Check;
}

/**
 * The key to check the signature with. A `kid` the issuer's document lists under assertionMethod
 * gives the key as that document describes it; any other `kid` (or an embedded `jwk`) is still
 * dereferenced, so the report can say whether the signature holds, but earns a failed issuer-key check.
 */
async function keyOf(header: ParsedJws['header'], credential: JsonObject, options: VerifyOptions): Promise<JwsKey | CheckReason> {
  const issuer = idOf(credential.issuer);
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const binding = kid === undefined ? undefined : await bindIssuerKey(issuer, kid, options);
  const unreadable = binding && kid !== undefined ? unresolvedWithIssuer(binding, issuer, kid) : undefined;
  if (unreadable) return unreadable;
  try {
    if (binding?.ok && kid !== undefined) {
      const jwk = await jwkFromDocument(binding.method, kid);
      if (!jwk) throw new Error(`${kid} holds no public key`);
      const key = await importJWK(publicJwkOf(jwk), header.alg);
      const retired = retiredKeyProblem(binding.method, typeof credential.validFrom === 'string' ? credential.validFrom : undefined);
      const check = retired
        ? checkOf('issuer-key', false, retired)
        : pass('issuer-key', 'key-controlled-by-issuer', `key ${kid} is listed by the issuer ${binding.issuer} under assertionMethod`, { key: kid, issuer: binding.issuer });
      return { key, check };
    }
    const resolved = await resolveJwsKey(header, options);
    if (resolved.via === 'jwk-header') return { key: resolved.key, check: fail('issuer-key', 'key-embedded-in-header', 'the key is embedded in the JWS header; nothing binds it to the issuer') };
    return { key: resolved.key, check: checkOf('issuer-key', false, binding && !binding.ok ? binding.why : checkReason('key-not-checked', 'no key id')) };
  } catch (error) {
    const key = String(header.kid ?? 'no kid');
    const detail = errorMessage(error);
    return checkReason('key-unresolved', `key could not be resolved: ${key} (${detail})`, { key, detail });
  }
}

/** The `proof`, `issuer-key` and `jwt-claims` checks of a VC-JWT. */
export async function vcJwtChecks(jws: string, parsed: ParsedJws, options: VerifyOptions): Promise<Check[]> {
  const { header, payload } = parsed;
  const credential = credentialFromJwtPayload(payload);
  const alg = header.alg;
  if (!alg || !(ACCEPTED_JWS_ALGS as readonly string[]).includes(alg)) {
    return [
      fail('proof', 'alg-not-accepted', `JWS algorithm ${String(alg)} is not accepted (asymmetric algorithms only)`, { alg: String(alg) }),
      fail('issuer-key', 'key-not-checked', 'signature not checked'),
    ];
  }
  const found = await keyOf(header, credential, options);
  if (!('key' in found)) return [checkOf('proof', false, found), checkOf('issuer-key', false, found)];
  try {
    await compactVerify(jws, found.key, { algorithms: [alg] });
  } catch (error) {
    const detail = errorMessage(error);
    return [
      fail('proof', 'proof-invalid-signature', `JWS signature is not valid: ${detail}`, { detail }),
      fail('issuer-key', 'key-not-checked', 'signature not valid, so the key is not trusted'),
    ];
  }
  return [pass('proof', 'proof-valid', `${alg} signature is valid`, { method: alg }), found.check, jwtClaimsCheck(payload, credential)];
}
