import type { JsonObject } from '../contexts/bundled.js';
import { statusCheck } from './check-status.js';
import { idOf, isObject } from './json.js';
import { looksLikeCompactJws, parseCompactJws } from './jws.js';
import { OB3_CREDENTIAL_TYPES, type VerifyOptions } from './options.js';
import { errorMessage, fail, pass, report, verifiedIssuer, type Check, type CredentialFormat, type VerificationReport, type VerifiedIssuer } from './report.js';
import { schemaCheck } from './schema-check.js';
import { notACredentialCheck, notACredentialKind } from './not-a-credential.js';
import { validityCheck } from './validity.js';
import { dataIntegrityChecks } from './verify-data-integrity.js';
import { ob2JwsChecks } from './verify-ob2-jws.js';
import { vcJwtChecks } from './verify-vc-jwt.js';
import { credentialOfShape, jwtShapeOf, jwtWindowCheck, type JwtShape } from './jwt-shapes.js';
import { looksLikeSdJwt } from './sd-jwt.js';
import { verifySdJwtVc } from './verify-sd-jwt-vc.js';

function isOb2Assertion(payload: JsonObject): boolean {
  const type = payload.type;
  return (type === 'Assertion' || (Array.isArray(type) && type.includes('Assertion'))) && !('vc' in payload) && !('credentialSubject' in payload);
}

function parseInput(input: unknown): unknown {
  if (typeof input !== 'string') return input;
  const text = input.trim();
  if (looksLikeCompactJws(text) || looksLikeSdJwt(text)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return input;
  }
}

async function credentialChecks(credential: JsonObject, options: VerifyOptions): Promise<Check[]> {
  const checks: Check[] = [schemaCheck(credential, options.expectedTypes ?? OB3_CREDENTIAL_TYPES), validityCheck(credential, options.now())];
  if (!options.skipStatus) checks.push(await statusCheck(credential, options, verifyCredential));
  return checks;
}

/** OB 3.0: the issuer is the credential's own, once its key was found in the issuer's document; its name is what it signed. */
function ob3Issuer(checks: Check[], credential: JsonObject): VerifiedIssuer | undefined {
  return verifiedIssuer(checks, idOf(credential.issuer), isObject(credential.issuer) ? credential.issuer : undefined);
}

async function verifyJws(jws: string, options: VerifyOptions): Promise<VerificationReport> {
  const parsed = parseCompactJws(jws);
  if (!parsed) return report('unknown', [fail('format', 'format-not-jws', 'not a compact JWS with a JSON payload')]);
  if (isOb2Assertion(parsed.payload)) {
    const outcome = await ob2JwsChecks(jws, parsed, options);
    return report('ob2-jws', [pass('format', 'format-ob2-jws', 'OB 2.0 signed assertion (compact JWS)'), ...outcome.checks], parsed.payload, outcome.issuer);
  }
  const kind = notACredentialKind(parsed.payload);
  if (kind) return report('unknown', [notACredentialCheck(kind)]);
  const shape = jwtShapeOf(parsed);
  if (shape === 'vp') return report('unknown', [fail('format', 'format-vp-jwt', 'a presentation (vp+jwt), not a credential: verify it as a presentation')], parsed.payload);
  const credential = credentialOfShape(shape, parsed.payload);
  const checks = [FORMAT_CHECKS[shape](), ...(await vcJwtChecks(jws, parsed, options, shape)), ...(await credentialChecks(credential, options))];
  // VC-JOSE-COSE: the JWT's own nbf / exp bound when the signature may be relied on.
  const window = shape === 'jose-cose' ? jwtWindowCheck(parsed.payload, options.now()) : undefined;
  const all = window ? checks.map((c) => (c.name === 'validity' && c.ok ? window : c)) : checks;
  return report(JWT_FORMATS[shape], all, credential, ob3Issuer(all, credential));
}

const FORMAT_CHECKS: Record<Exclude<JwtShape, 'vp'>, () => Check> = {
  ob3: () => pass('format', 'format-vc-jwt', 'VC-JWT (compact JWS)'),
  v1: () => pass('format', 'format-vc-jwt-v1', 'VC Data Model 1.1 JWT (the credential in the vc claim)'),
  'jose-cose': () => pass('format', 'format-vc-jose-cose', 'VC-JOSE-COSE (vc+jwt: the credential is the JWT payload)'),
};

const JWT_FORMATS: Record<Exclude<JwtShape, 'vp'>, CredentialFormat> = { ob3: 'vc-jwt', v1: 'vc-jwt-v1', 'jose-cose': 'vc-jose-cose' };

async function verifyEmbedded(credential: JsonObject, options: VerifyOptions): Promise<VerificationReport> {
  if (credential['@context'] === undefined) return report('unknown', [fail('format', 'format-no-context', 'a JSON-LD credential needs @context')], credential);
  const checks = [pass('format', 'format-ob3-ldp', 'JSON-LD credential with embedded proof'), ...(await dataIntegrityChecks(credential, options)), ...(await credentialChecks(credential, options))];
  return report('ob3-ldp', checks, credential, ob3Issuer(checks, credential));
}

/**
 * Verifies an OB 3.0 credential with Data Integrity proof(s) (object or JSON text), a JWT-secured
 * credential (OB 3.0 VC-JWT, VC 1.1 JWT with a `vc` claim, VC-JOSE-COSE `vc+jwt`), an SD-JWT VC
 * (`dc+sd-jwt`, with disclosures), or an OB 2.0 signed assertion (compact JWS). Returns a report of every check; it never
 * throws for bad input and never touches the network except through `options.fetchJson`.
 */
export async function verifyCredential(input: unknown, given: VerifyOptions): Promise<VerificationReport> {
  const options = given.issuerDocuments ? given : { ...given, issuerDocuments: new Map<string, Promise<JsonObject>>() };
  try {
    const parsed = parseInput(input);
    if (typeof parsed === 'string') return looksLikeSdJwt(parsed) ? await verifySdJwtVc(parsed, options) : await verifyJws(parsed, options);
    if (isObject(parsed) && isOb2Assertion(parsed)) {
      return report('unknown', [fail('format', 'format-ob2-hosted-object', 'an OB 2.0 hosted assertion: verify it at its hosted URL, or pass the signed (JWS) form')], parsed);
    }
    const kind = isObject(parsed) ? notACredentialKind(parsed) : undefined;
    if (kind) return report('unknown', [notACredentialCheck(kind)]);
    if (isObject(parsed)) return await verifyEmbedded(parsed, options);
    return report('unknown', [fail('format', 'format-unrecognised', 'expected a credential object, JSON text or a compact JWS')]);
  } catch (error) {
    const detail = errorMessage(error);
    return report('unknown', [fail('format', 'verification-error', `could not be verified: ${detail}`, { detail })]);
  }
}
