import { compactVerify, importJWK, type JWK } from 'jose';
import type { JsonObject } from '../contexts/bundled.js';
import { publicJwkOf } from '../keys/rsa.js';
import { checkReason, type CheckReason } from './codes.js';
import { isObject } from './json.js';
import { parseCompactJws } from './jws.js';
import { jwsSignatureProblem } from './jws-signature.js';
import { isAcceptedJwsAlg } from './jws-verifier.js';
import { jwtWindowCheck } from './jwt-shapes.js';
import type { VerifyOptions } from './options.js';
import { checkOf, errorMessage, fail, pass, report, verifiedIssuer, type Check, type VerificationReport } from './report.js';
import { hashAlgorithmOf, reconstructClaims, sdDigest, splitSdJwt, type SplitSdJwt } from './sd-jwt.js';
import { sdJwtIssuerKey } from './sd-jwt-issuer-key.js';

/** SD-JWT VC `typ` values: `dc+sd-jwt` (current drafts) and `vc+sd-jwt` (drafts before 06, still issued). */
const SD_JWT_VC_TYPES = ['dc+sd-jwt', 'vc+sd-jwt'];
/** A key binding JWT's `iat` may run this far ahead of the verifier's clock. */
const KB_CLOCK_SKEW_S = 300;

const accepted = isAcceptedJwsAlg;

function isoOf(seconds: unknown): string | undefined {
  return typeof seconds === 'number' && Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString().replace('.000Z', 'Z') : undefined;
}

function kbInvalid(detail: string): CheckReason {
  return checkReason('kb-jwt-invalid', `the key binding JWT is not valid: ${detail}`, { detail });
}

/** RFC 9901 § 7.3: the KB-JWT, signed by the holder key in `cnf`, over this very presentation. */
async function keyBinding(split: SplitSdJwt, claims: JsonObject, options: VerifyOptions): Promise<'verified' | 'absent' | CheckReason> {
  const wanted = options.keyBinding;
  const required = wanted !== undefined && (wanted.required === true || wanted.nonce !== undefined || wanted.audience !== undefined);
  if (!split.kbJwt) return required ? checkReason('kb-jwt-missing', 'the verifier asked for holder key binding and the SD-JWT has no key binding JWT') : 'absent';
  const kb = parseCompactJws(split.kbJwt);
  if (!kb) return kbInvalid('not a compact JWS with a JSON payload');
  if (kb.header.typ !== 'kb+jwt') return kbInvalid(`typ is ${String(kb.header.typ)}, not kb+jwt`);
  if (!accepted(kb.header.alg)) return kbInvalid(`algorithm ${String(kb.header.alg)} is not accepted`);
  const cnf = claims.cnf;
  if (!isObject(cnf) || !isObject(cnf.jwk)) return kbInvalid('the credential names no holder key (cnf.jwk)');
  try {
    await compactVerify(split.kbJwt, await importJWK(publicJwkOf(cnf.jwk as JWK), kb.header.alg), { algorithms: [kb.header.alg] });
  } catch (error) {
    return kbInvalid(`its signature does not verify with the cnf key (${errorMessage(error)})`);
  }
  const { payload } = kb;
  const hash = hashAlgorithmOf(split.parsed.payload) ?? 'SHA-256';
  if (payload.sd_hash !== (await sdDigest(split.presented, hash))) return kbInvalid('sd_hash does not match the presented SD-JWT and disclosures');
  if (typeof payload.iat !== 'number') return kbInvalid('iat is required');
  if (payload.iat > options.now().getTime() / 1000 + KB_CLOCK_SKEW_S) return kbInvalid(`iat ${isoOf(payload.iat)} is in the future`);
  if (wanted?.nonce !== undefined && payload.nonce !== wanted.nonce) return kbInvalid(`nonce ${String(payload.nonce)} is not the one expected`);
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (wanted?.audience !== undefined && !audiences.includes(wanted.audience)) return kbInvalid(`aud ${JSON.stringify(payload.aud)} is not ${wanted.audience}`);
  return 'verified';
}

/** The signature, the disclosures, then the key binding: the first that fails is the proof's reason. */
async function proofChecks(split: SplitSdJwt, options: VerifyOptions): Promise<{ checks: Check[]; claims?: JsonObject }> {
  const { header, payload } = split.parsed;
  if (!accepted(header.alg)) {
    const alg = String(header.alg);
    return { checks: [fail('proof', 'alg-not-accepted', `JWS algorithm ${alg} is not accepted (asymmetric algorithms only)`, { alg }), fail('issuer-key', 'key-not-checked', 'signature not checked')] };
  }
  const found = await sdJwtIssuerKey(header, payload.iss, isoOf(payload.iat), options);
  if (!('key' in found)) return { checks: [checkOf('proof', false, found), checkOf('issuer-key', false, found)] };
  const detail = await jwsSignatureProblem(split.issuerJwt, found.key, header.alg, options.jwsVerifier);
  if (detail !== undefined) {
    return { checks: [fail('proof', 'proof-invalid-signature', `JWS signature is not valid: ${detail}`, { detail }), fail('issuer-key', 'key-not-checked', 'signature not valid, so the key is not trusted')] };
  }
  const disclosed = await reconstructClaims(payload, split.disclosures);
  if (!disclosed.ok) return { checks: [checkOf('proof', false, disclosed.why), found.check] };
  const reconstructed = disclosed.claims;
  const bound = await keyBinding(split, reconstructed, options);
  if (typeof bound !== 'string') return { checks: [checkOf('proof', false, bound), found.check], claims: reconstructed };
  const disclosures = String(split.disclosures.length);
  const proof = pass('proof', 'sd-jwt-valid', `${header.alg} signature is valid, ${disclosures} disclosure(s) match the signed digests, key binding ${bound}`, { method: header.alg, disclosures, keyBinding: bound });
  return { checks: [proof, found.check], claims: reconstructed };
}

function claimsCheck(typ: unknown, claims: JsonObject): Check {
  if (typeof typ !== 'string' || !SD_JWT_VC_TYPES.includes(typ)) return fail('jwt-claims', 'jwt-claims-mismatch', `typ ${String(typ)} is not dc+sd-jwt`, { claims: 'typ' });
  if (typeof claims.vct !== 'string' || claims.vct === '') return fail('jwt-claims', 'jwt-claim-missing', 'vct is required', { claims: 'vct' });
  for (const claim of ['iat', 'nbf', 'exp'] as const) {
    if (claims[claim] !== undefined && isoOf(claims[claim]) === undefined) return fail('jwt-claims', 'jwt-claims-mismatch', `${claim} must be a NumericDate`, { claims: claim });
  }
  return pass('jwt-claims', 'jwt-claims-match', `vct ${claims.vct} and the registered claims are well formed`);
}

function validity(claims: JsonObject, now: Date): Check {
  const window = jwtWindowCheck(claims, now);
  if (window) return window;
  const exp = isoOf(claims.exp);
  return exp ? pass('validity', 'valid-until', `valid until ${exp}`, { date: exp }) : pass('validity', 'valid-no-expiry', 'no exp: no expiry');
}

function statusCheck(claims: JsonObject): Check {
  if (claims.status === undefined) return pass('status', 'status-none', 'the credential has no status claim');
  return fail('status', 'sd-jwt-status-unsupported', 'the credential has a status claim (Token Status List), which Laurel cannot check yet');
}

/**
 * IETF SD-JWT VC: the issuer-signed JWT's signature and key (bound to `iss`), every disclosure
 * referenced once by a signed digest, the holder's key binding JWT when present (or required),
 * `vct`, and the `nbf` / `exp` window. The report's credential is the disclosed claims.
 */
export async function verifySdJwtVc(text: string, options: VerifyOptions): Promise<VerificationReport> {
  const split = splitSdJwt(text);
  if (!('parsed' in split)) return report('unknown', [checkOf('format', false, split)]);
  const { header, payload } = split.parsed;
  const format = pass('format', 'format-sd-jwt-vc', `SD-JWT VC (${String(header.typ)}) with ${split.disclosures.length} disclosure(s)${split.kbJwt ? ' and a key binding JWT' : ''}`);
  const { checks, claims } = await proofChecks(split, options);
  const credential = claims ?? payload;
  const all = [format, ...checks, claimsCheck(header.typ, credential), validity(credential, options.now()), statusCheck(credential)];
  const iss = typeof payload.iss === 'string' ? payload.iss : undefined;
  return report('sd-jwt-vc', all, credential, verifiedIssuer(all, iss, undefined));
}
