import type { JsonObject } from '../contexts/bundled.js';
import { statusCheck } from './check-status.js';
import { idOf, isObject } from './json.js';
import { looksLikeCompactJws, parseCompactJws } from './jws.js';
import { OB3_CREDENTIAL_TYPES, type VerifyOptions } from './options.js';
import { errorMessage, fail, pass, report, verifiedIssuer, type Check, type VerificationReport, type VerifiedIssuer } from './report.js';
import { credentialStructureProblems } from './structure.js';
import { validityCheck } from './validity.js';
import { dataIntegrityChecks } from './verify-data-integrity.js';
import { ob2JwsChecks } from './verify-ob2-jws.js';
import { credentialFromJwtPayload, vcJwtChecks } from './verify-vc-jwt.js';

function isOb2Assertion(payload: JsonObject): boolean {
  const type = payload.type;
  return (type === 'Assertion' || (Array.isArray(type) && type.includes('Assertion'))) && !('vc' in payload) && !('credentialSubject' in payload);
}

function parseInput(input: unknown): unknown {
  if (typeof input !== 'string') return input;
  const text = input.trim();
  if (looksLikeCompactJws(text)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return input;
  }
}

async function credentialChecks(credential: JsonObject, options: VerifyOptions): Promise<Check[]> {
  const problems = credentialStructureProblems(credential, options.expectedTypes ?? OB3_CREDENTIAL_TYPES);
  const checks: Check[] = [
    problems.length === 0 ? pass('schema', 'schema-valid', 'conforms to the VC data model and OB 3.0 node types') : fail('schema', 'schema-invalid', problems.join('; ')),
    validityCheck(credential, options.now()),
  ];
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
  const credential = credentialFromJwtPayload(parsed.payload);
  const checks = [pass('format', 'format-vc-jwt', 'VC-JWT (compact JWS)'), ...(await vcJwtChecks(jws, parsed, options)), ...(await credentialChecks(credential, options))];
  return report('vc-jwt', checks, credential, ob3Issuer(checks, credential));
}

async function verifyEmbedded(credential: JsonObject, options: VerifyOptions): Promise<VerificationReport> {
  if (credential['@context'] === undefined) return report('unknown', [fail('format', 'format-no-context', 'a JSON-LD credential needs @context')], credential);
  const checks = [pass('format', 'format-ob3-ldp', 'JSON-LD credential with embedded proof'), ...(await dataIntegrityChecks(credential, options)), ...(await credentialChecks(credential, options))];
  return report('ob3-ldp', checks, credential, ob3Issuer(checks, credential));
}

/**
 * Verifies an OB 3.0 credential with Data Integrity proof(s) (object or JSON text), an OB 3.0
 * VC-JWT, or an OB 2.0 signed assertion (compact JWS). Returns a report of every check; it never
 * throws for bad input and never touches the network except through `options.fetchJson`.
 */
export async function verifyCredential(input: unknown, given: VerifyOptions): Promise<VerificationReport> {
  const options = given.issuerDocuments ? given : { ...given, issuerDocuments: new Map<string, Promise<JsonObject>>() };
  try {
    const parsed = parseInput(input);
    if (typeof parsed === 'string') return await verifyJws(parsed, options);
    if (isObject(parsed) && isOb2Assertion(parsed)) {
      return report('unknown', [fail('format', 'format-ob2-hosted-object', 'an OB 2.0 hosted assertion: verify it at its hosted URL, or pass the signed (JWS) form')], parsed);
    }
    if (isObject(parsed)) return await verifyEmbedded(parsed, options);
    return report('unknown', [fail('format', 'format-unrecognised', 'expected a credential object, JSON text or a compact JWS')]);
  } catch (error) {
    const detail = errorMessage(error);
    return report('unknown', [fail('format', 'verification-error', `could not be verified: ${detail}`, { detail })]);
  }
}
