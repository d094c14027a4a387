import { compactVerify } from 'jose';
import type { JsonObject } from '../contexts/bundled.js';
import { retiredKeyProblem } from './key-retirement.js';
import { idOf, isObject } from './json.js';
import { ACCEPTED_JWS_ALGS, type ParsedJws } from './jws.js';
import type { VerifyOptions } from './options.js';
import { checkReason } from './codes.js';
import { checkOf, errorMessage, fail, pass, type Check } from './report.js';
import { originOf, resolveJwsKey, type ResolvedKey } from './resolve-jwk.js';

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

function issuerKeyCheck(resolved: ResolvedKey, kid: string | undefined, credential: JsonObject): Check {
  const issuer = idOf(credential.issuer);
  const key = String(kid);
  if (!issuer) return fail('issuer-key', 'issuer-missing', 'the credential has no issuer id');
  if (resolved.via === 'jwk-header') return fail('issuer-key', 'key-embedded-in-header', 'the key is embedded in the JWS header; nothing binds it to the issuer');
  const controller = resolved.via === 'did' ? idOf(resolved.source.controller) : undefined;
  const retired = retiredKeyProblem(resolved.source, typeof credential.validFrom === 'string' ? credential.validFrom : undefined);
  if (retired) return checkOf('issuer-key', false, retired);
  if (resolved.via === 'did') {
    return controller === issuer
      ? pass('issuer-key', 'key-controlled-by-issuer', `key ${key} is controlled by the issuer`, { key, issuer })
      : fail('issuer-key', 'key-not-controlled-by-issuer', `key ${key} is controlled by ${controller}, not by the issuer ${issuer}`, { key, controller: String(controller), issuer });
  }
  const kidOrigin = kid ? originOf(kid) : undefined;
  if (kidOrigin !== undefined && kidOrigin === originOf(issuer)) return pass('issuer-key', 'key-on-issuer-origin', `key ${key} is published on the issuer's origin`, { key });
  return fail('issuer-key', 'key-not-bound-to-issuer', `key ${key} is not bound to the issuer ${issuer}`, { key, issuer });
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
  let resolved: ResolvedKey;
  try {
    resolved = await resolveJwsKey(header, options);
  } catch (error) {
    const key = String(header.kid ?? 'no kid');
    const detail = errorMessage(error);
    const why = checkReason('key-unresolved', `key could not be resolved: ${key} (${detail})`, { key, detail });
    return [checkOf('proof', false, why), checkOf('issuer-key', false, why)];
  }
  try {
    await compactVerify(jws, resolved.key, { algorithms: [alg] });
  } catch (error) {
    const detail = errorMessage(error);
    return [
      fail('proof', 'proof-invalid-signature', `JWS signature is not valid: ${detail}`, { detail }),
      fail('issuer-key', 'key-not-checked', 'signature not valid, so the key is not trusted'),
    ];
  }
  return [pass('proof', 'proof-valid', `${alg} signature is valid`, { method: alg }), issuerKeyCheck(resolved, header.kid, credential), jwtClaimsCheck(payload, credential)];
}
