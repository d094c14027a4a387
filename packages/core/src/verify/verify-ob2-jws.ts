import type { JsonObject } from '../contexts/bundled.js';
import { validateOb2Document } from '../ob2/index.js';
import { readOb2RevocationList } from '../status/ob2-revocation-list.js';
import { retiredKeyProblem } from './key-retirement.js';
import { asArray, idOf, isObject } from './json.js';
import type { ParsedJws } from './jws.js';
import type { VerifyOptions } from './options.js';
import { checkReason } from './codes.js';
import { BADGE_CLASS, ISSUER_PROFILE, loadOb2Document, ob2Fetch, type Ob2DocumentKind, type Ob2Fetch } from './ob2-documents.js';
import { checkOf, errorMessage, fail, pass, verifiedIssuer, type Check, type VerifiedIssuer } from './report.js';
import { importPublicPem } from './public-key-cache.js';
import { jwsSignatureProblem } from './jws-signature.js';

function creatorOf(assertion: JsonObject): string | undefined {
  const verification = assertion.verification;
  return isObject(verification) ? idOf(verification.creator) : undefined;
}

function validity(assertion: JsonObject, now: Date): Check {
  const issued = typeof assertion.issuedOn === 'string' ? Date.parse(assertion.issuedOn) : Number.NaN;
  const expires = typeof assertion.expires === 'string' ? Date.parse(assertion.expires) : Number.NaN;
  const issuedOn = String(assertion.issuedOn);
  const expiresAt = String(assertion.expires);
  if (!Number.isNaN(issued) && now.getTime() < issued) return fail('validity', 'not-yet-valid', `not valid yet: issued on ${issuedOn}`, { date: issuedOn });
  if (!Number.isNaN(expires) && now.getTime() >= expires) return fail('validity', 'expired', `expired at ${expiresAt}`, { date: expiresAt });
  if (!Number.isNaN(expires) && !Number.isNaN(issued) && expires < issued) return fail('validity', 'validity-window-inverted', 'expires is before issuedOn');
  return Number.isNaN(expires) ? pass('validity', 'valid-no-expiry', 'no expiry') : pass('validity', 'valid-until', `valid until ${expiresAt}`, { date: expiresAt });
}

const keyKind = (creator: string): Ob2DocumentKind => ({
  what: 'CryptographicKey',
  idOptional: true,
  unavailable: (detail) => checkReason('key-unresolved', `key could not be resolved: ${creator} (${detail})`, { key: creator, detail }),
  idMismatch: (url, id) => checkReason('key-unresolved', `key could not be resolved: the CryptographicKey at ${url} has id ${id}`, { key: creator, detail: `the document at ${url} has id ${id}` }),
});

const REVOCATION_LIST: Ob2DocumentKind = {
  what: 'revocation list',
  idOptional: true,
  unavailable: (detail) => checkReason('status-unavailable', `status could not be checked: ${detail}`, { detail }),
  idMismatch: (url, id) => checkReason('status-list-invalid', `the revocation list at ${url} has id ${id}`, { url }),
};

/**
 * The issuer is the one of the badge class at the assertion's `badge` URL, read at its own `issuer`
 * URL: never a copy embedded in the (attacker-chosen) payload, whose `publicKey` or `revocationList`
 * would then decide.
 */
async function issuerChecks(assertion: JsonObject, key: JsonObject, creator: string, fetch: Ob2Fetch | undefined): Promise<{ issuerKey: Check; status: Check; issuer?: VerifiedIssuer | undefined }> {
  const badge = await loadOb2Document(fetch, assertion.badge, BADGE_CLASS);
  const issuer = badge.ok ? await loadOb2Document(fetch, badge.doc.issuer, ISSUER_PROFILE) : badge;
  if (!issuer.ok) return { issuerKey: checkOf('issuer-key', false, issuer.problem), status: checkOf('status', false, issuer.problem) };
  const issuerId = issuer.url;
  const owner = String(idOf(key.owner));
  const listed = asArray(issuer.doc.publicKey).map(idOf).includes(creator);
  const retired = retiredKeyProblem(key, typeof assertion.issuedOn === 'string' ? assertion.issuedOn : undefined);
  const issuerKey = retired
    ? checkOf('issuer-key', false, retired)
    : owner !== issuerId
      ? fail('issuer-key', 'key-not-controlled-by-issuer', `key owner ${owner} is not the issuer ${issuerId}`, { key: creator, controller: owner, issuer: issuerId })
      : !listed
        ? fail('issuer-key', 'key-not-listed-by-issuer', `the issuer does not list ${creator} in publicKey`, { key: creator })
        : pass('issuer-key', 'key-controlled-by-issuer', `key ${creator} belongs to the issuer ${issuerId}`, { key: creator, issuer: issuerId });
  return { issuerKey, status: await revocationStatus(assertion, issuer.doc, issuerId, fetch), issuer: verifiedIssuer([issuerKey], issuerId, issuer.doc) };
}

async function revocationStatus(assertion: JsonObject, issuer: JsonObject, issuerId: string, fetch: Ob2Fetch | undefined): Promise<Check> {
  if (issuer.revocationList === undefined) return pass('status', 'status-no-list', 'the issuer publishes no revocation list');
  const list = await loadOb2Document(fetch, issuer.revocationList, REVOCATION_LIST);
  if (!list.ok) return checkOf('status', false, list.problem);
  const listIssuer = idOf(list.doc.issuer);
  if (listIssuer !== undefined && listIssuer !== issuerId) {
    return fail('status', 'status-list-wrong-issuer', `the revocation list at ${list.url} belongs to ${listIssuer}, not to the issuer`, { url: list.url, issuer: listIssuer });
  }
  const finding = readOb2RevocationList(list.doc, String(assertion.id));
  if (!finding.revoked) return pass('status', 'status-not-revoked', 'not in the revocation list');
  return finding.reason ? fail('status', 'status-revoked-with-reason', `revoked: ${finding.reason}`, { reason: finding.reason }) : fail('status', 'status-revoked', 'revoked');
}

export interface Ob2JwsOutcome {
  checks: Check[];
  /** The issuer profile read at its own URL, when the key was found to be its. */
  issuer?: VerifiedIssuer | undefined;
}

/** All checks of an OB 2.0 signed assertion (compact JWS, RS256), and the issuer they bound it to. */
export async function ob2JwsChecks(jws: string, parsed: ParsedJws, options: VerifyOptions): Promise<Ob2JwsOutcome> {
  const assertion = parsed.payload;
  const problems = validateOb2Document(assertion).map((p) => `${p.path}: ${p.message}`);
  const creator = creatorOf(assertion);
  if (!creator || !['signed', 'SignedBadge'].includes(String((assertion.verification as JsonObject | undefined)?.type))) {
    problems.push('verification must be {type: "signed", creator: <key URL>}');
  }
  const schema = problems.length === 0 ? pass('schema', 'schema-valid', 'OB 2.0 Assertion structure is valid') : fail('schema', 'schema-invalid', problems.join('; '));
  const checks: Check[] = [schema, validity(assertion, options.now())];
  if (parsed.header.alg !== 'RS256') {
    const alg = String(parsed.header.alg);
    return { checks: [...checks, fail('proof', 'alg-not-accepted', `OB 2.0 signatures use RS256, not ${alg}`, { alg }), fail('issuer-key', 'key-not-checked', 'signature not checked')] };
  }
  if (!creator) return { checks: [...checks, fail('proof', 'proof-no-creator', 'no verification.creator'), fail('issuer-key', 'key-not-checked', 'no key')] };
  const fetch = ob2Fetch(options);
  const loaded = await loadOb2Document(fetch, creator, keyKind(creator));
  if (!loaded.ok) return { checks: [...checks, checkOf('proof', false, loaded.problem), checkOf('issuer-key', false, loaded.problem)] };
  const key = loaded.doc;
  if (typeof key.publicKeyPem !== 'string') {
    const why = keyKind(creator).unavailable('the CryptographicKey has no publicKeyPem', creator);
    return { checks: [...checks, checkOf('proof', false, why), checkOf('issuer-key', false, why)] };
  }
  let detail: string | undefined;
  try {
    detail = await jwsSignatureProblem(jws, await importPublicPem(key.publicKeyPem, 'RS256', options.jwsVerifier), 'RS256', options.jwsVerifier);
  } catch (error) {
    detail = errorMessage(error);
  }
  if (detail !== undefined) {
    return { checks: [...checks, fail('proof', 'proof-invalid-signature', `JWS signature is not valid: ${detail}`, { detail }), fail('issuer-key', 'key-not-checked', 'signature not valid')] };
  }
  const { issuerKey, status, issuer } = await issuerChecks(assertion, key, creator, fetch);
  return { checks: [...checks, pass('proof', 'proof-valid', 'RS256 signature is valid', { method: 'RS256' }), issuerKey, options.skipStatus ? pass('status', 'status-not-checked', 'not checked') : status], issuer };
}
