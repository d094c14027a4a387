import type { JsonObject } from '../contexts/bundled.js';
import { VC_V2_CONTEXT } from '../contexts/urls.js';
import { asArray, idOf, isObject } from './json.js';
import type { ParsedJws } from './jws.js';
import { fail, pass, type Check } from './report.js';

/**
 * The shapes a JWT-secured credential comes in:
 * - `ob3`: OB 3.0 § 8.2 VC-JWT: the credential is the payload, with `iss`, `jti`, `nbf` (and `exp`,
 *   `sub`) derived from it (`typ: JWT`);
 * - `v1`: VC Data Model 1.1 § 6.3.1 JWT: the credential in the `vc` claim, the registered claims
 *   standing for (or repeating) issuer, id, issuanceDate, expirationDate and credentialSubject.id;
 * - `jose-cose`: W3C VC-JOSE-COSE: `typ: vc+jwt` (media type `application/vc+jwt`), the VC DM 2.0
 *   credential is the payload; JWT claims are optional and must agree with it when present;
 * - `vp`: `typ: vp+jwt`, a presentation (not a credential).
 */
export type JwtShape = 'ob3' | 'v1' | 'jose-cose' | 'vp';

const REGISTERED_CLAIMS = new Set(['iss', 'jti', 'nbf', 'exp', 'sub', 'iat', 'aud', 'cnf']);

function mediaType(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const type = value.toLowerCase();
  return type.startsWith('application/') ? type.slice('application/'.length) : type;
}

export function jwtShapeOf(parsed: ParsedJws): JwtShape {
  const typ = mediaType(parsed.header.typ);
  if (typ === 'vp+jwt' || typ === 'vp+ld+json+jwt') return 'vp';
  if (typ === 'vc+jwt' || typ === 'vc+ld+json+jwt') return 'jose-cose';
  if (isObject(parsed.payload.vc)) return 'v1';
  return 'ob3';
}

function isoOf(seconds: unknown): string | undefined {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return undefined;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace('.000Z', 'Z');
}

/**
 * VC DM 1.1 § 6.3.1.2 decoding: the `vc` claim, with what only the JWT claims carry filled in
 * (issuer from `iss`, id from `jti`, issuanceDate from `nbf`, expirationDate from `exp`,
 * credentialSubject.id from `sub`). Where both carry a value, `v1ClaimsCheck` requires they agree.
 */
function credentialFromVcClaim(payload: JsonObject): JsonObject {
  const credential = structuredClone(payload.vc as JsonObject);
  if (credential.issuer === undefined && typeof payload.iss === 'string') credential.issuer = payload.iss;
  if (credential.id === undefined && typeof payload.jti === 'string') credential.id = payload.jti;
  const nbf = isoOf(payload.nbf);
  if (credential.issuanceDate === undefined && credential.validFrom === undefined && nbf) credential.issuanceDate = nbf;
  const exp = isoOf(payload.exp);
  if (credential.expirationDate === undefined && credential.validUntil === undefined && exp) credential.expirationDate = exp;
  if (typeof payload.sub === 'string' && isObject(credential.credentialSubject) && credential.credentialSubject.id === undefined) {
    credential.credentialSubject = { ...credential.credentialSubject, id: payload.sub };
  }
  return credential;
}

/** The credential a JWT of `shape` secures. */
export function credentialOfShape(shape: JwtShape, payload: JsonObject): JsonObject {
  if (shape === 'v1') return credentialFromVcClaim(payload);
  const credential: JsonObject = {};
  for (const key of Object.keys(payload)) {
    if (REGISTERED_CLAIMS.has(key)) continue;
    // A `__proto__` member of the JSON stays a member (as Object.fromEntries keeps it), never a prototype.
    if (key === '__proto__') Object.defineProperty(credential, key, { value: payload[key], enumerable: true, writable: true, configurable: true });
    else credential[key] = payload[key]!;
  }
  return credential;
}

function seconds(value: unknown): number | undefined {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

type Problems = Array<[claim: string, problem: string]>;

function subjectProblem(payload: JsonObject, credential: JsonObject, required: boolean): [string, string] | undefined {
  const subjects = asArray(credential.credentialSubject);
  const subjectId = subjects.length === 1 ? idOf(subjects[0]) : undefined;
  if (payload.sub === undefined) return required && subjectId !== undefined ? ['sub', 'sub is required: the credentialSubject has an id'] : undefined;
  if (subjectId === undefined) return ['sub', 'sub is set but the credentialSubject has no id'];
  return payload.sub === subjectId ? undefined : ['sub', `sub ${String(payload.sub)} does not match credentialSubject.id`];
}

function report(problems: Problems, passed: string): Check {
  if (problems.length === 0) return pass('jwt-claims', 'jwt-claims-match', passed);
  const claims = problems.map(([claim]) => claim).join(', ');
  return fail('jwt-claims', 'jwt-claims-mismatch', problems.map(([, problem]) => problem).join('; '), { claims });
}

/** OB 3.0 § Verify a Credential VC-JWT Signature: the registered claims must match the credential. */
export function ob3ClaimsCheck(payload: JsonObject, credential: JsonObject): Check {
  const problems: Problems = [];
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
  return report(problems, 'iss, jti, nbf, exp and sub match the credential');
}

/**
 * VC DM 1.1 § 6.3.1: `iss`, `jti`, `nbf`, `exp` and `sub` stand for issuer, id, issuanceDate,
 * expirationDate and credentialSubject.id. Each present in both places must agree; `iss` and `nbf`
 * are required (the credential's issuer and issuanceDate). The credential's own dates decide its
 * validity, so an `exp` left out (the expiry kept in the `vc` claim only) is accepted.
 */
export function v1ClaimsCheck(payload: JsonObject, credential: JsonObject): Check {
  const vc = payload.vc as JsonObject;
  const problems: Problems = [];
  const issuer = idOf(credential.issuer);
  if (payload.iss === undefined) problems.push(['iss', 'iss is required']);
  else if (payload.iss !== issuer) problems.push(['iss', `iss ${String(payload.iss)} does not match issuer ${String(issuer)}`]);
  if (payload.jti !== undefined && vc.id !== undefined && payload.jti !== vc.id) problems.push(['jti', `jti ${String(payload.jti)} does not match id ${String(vc.id)}`]);
  // VC 1.1 maps nbf to issuanceDate; OB 3.0 issuers writing the `vc` claim put validFrom there.
  const issued = seconds(vc.issuanceDate ?? vc.validFrom);
  if (payload.nbf === undefined) problems.push(['nbf', 'nbf is required']);
  else if (issued !== undefined && payload.nbf !== issued) problems.push(['nbf', `nbf ${String(payload.nbf)} does not match issuanceDate`]);
  const until = seconds(vc.expirationDate ?? vc.validUntil);
  if (until !== undefined && payload.exp !== undefined && payload.exp !== until) problems.push(['exp', `exp ${String(payload.exp)} does not match expirationDate`]);
  const sub = subjectProblem(payload, credential, false);
  if (sub) problems.push(sub);
  return report(problems, 'iss, jti, nbf, exp and sub agree with the credential in the vc claim');
}

/**
 * VC-JOSE-COSE § 3.1: the payload is a VC DM 2.0 credential; `iss`, `jti` and `sub`, when present,
 * must not conflict with issuer, id and credentialSubject.id; no `vc` claim.
 */
export function joseCoseClaimsCheck(payload: JsonObject, credential: JsonObject): Check {
  const problems: Problems = [];
  if (asArray(credential['@context'])[0] !== VC_V2_CONTEXT) problems.push(['@context', `a vc+jwt payload must be a VC Data Model 2.0 credential (@context starting with ${VC_V2_CONTEXT})`]);
  if (payload.vc !== undefined) problems.push(['vc', 'a vc+jwt payload is the credential itself: no vc claim']);
  const issuer = idOf(credential.issuer);
  if (payload.iss !== undefined && payload.iss !== issuer) problems.push(['iss', `iss ${String(payload.iss)} does not match issuer ${String(issuer)}`]);
  if (payload.jti !== undefined && payload.jti !== credential.id) problems.push(['jti', `jti ${String(payload.jti)} does not match id ${String(credential.id)}`]);
  const sub = subjectProblem(payload, credential, false);
  if (sub) problems.push(sub);
  for (const claim of ['nbf', 'exp', 'iat'] as const) {
    if (payload[claim] !== undefined && isoOf(payload[claim]) === undefined) problems.push([claim, `${claim} must be a NumericDate`]);
  }
  return report(problems, 'the JWT claims agree with the credential');
}

/**
 * The JWT's own validity (`nbf`, `exp`: when the signature may be relied on), apart from the
 * credential's validFrom / validUntil. Undefined when neither is set, or they hold.
 */
export function jwtWindowCheck(payload: JsonObject, now: Date): Check | undefined {
  const t = now.getTime() / 1000;
  const nbf = isoOf(payload.nbf);
  const exp = isoOf(payload.exp);
  if (nbf && t < (payload.nbf as number)) return fail('validity', 'not-yet-valid', `the JWT is not valid yet: nbf ${nbf}`, { date: nbf });
  if (exp && t >= (payload.exp as number)) return fail('validity', 'expired', `the JWT expired at ${exp}`, { date: exp });
  return undefined;
}
