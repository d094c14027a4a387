import { compactVerify, importSPKI } from 'jose';
import type { JsonObject } from '../contexts/bundled.js';
import { validateOb2Document } from '../ob2/index.js';
import { readOb2RevocationList } from '../status/ob2-revocation-list.js';
import { retiredKeyProblem } from './key-retirement.js';
import { asArray, idOf, isObject } from './json.js';
import type { ParsedJws } from './jws.js';
import type { VerifyOptions } from './options.js';
import { checkReason } from './codes.js';
import { checkOf, errorMessage, fail, pass, type Check } from './report.js';

async function fetchObject(url: unknown, what: string, options: VerifyOptions): Promise<JsonObject> {
  if (isObject(url)) return url;
  if (typeof url !== 'string') throw new Error(`${what} is missing`);
  if (!options.fetchJson) throw new Error(`no fetcher configured to load the ${what} ${url}`);
  const doc = await options.fetchJson(url);
  if (!isObject(doc)) throw new Error(`the ${what} ${url} is not a JSON object`);
  return doc;
}

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

async function issuerChecks(assertion: JsonObject, key: JsonObject, creator: string, options: VerifyOptions): Promise<{ issuerKey: Check; status: Check }> {
  let issuer: JsonObject;
  try {
    const badge = await fetchObject(assertion.badge, 'badge class', options);
    issuer = await fetchObject(badge.issuer, 'issuer profile', options);
  } catch (error) {
    const detail = errorMessage(error);
    const why = checkReason('issuer-unavailable', `issuer could not be loaded: ${detail}`, { detail });
    return { issuerKey: checkOf('issuer-key', false, why), status: checkOf('status', false, why) };
  }
  const issuerId = String(idOf(issuer));
  const owner = String(idOf(key.owner));
  const listed = asArray(issuer.publicKey).map(idOf).includes(creator);
  const retired = retiredKeyProblem(key, typeof assertion.issuedOn === 'string' ? assertion.issuedOn : undefined);
  const issuerKey = retired
    ? checkOf('issuer-key', false, retired)
    : owner !== issuerId
      ? fail('issuer-key', 'key-not-controlled-by-issuer', `key owner ${owner} is not the issuer ${issuerId}`, { key: creator, controller: owner, issuer: issuerId })
      : !listed
        ? fail('issuer-key', 'key-not-listed-by-issuer', `the issuer does not list ${creator} in publicKey`, { key: creator })
        : pass('issuer-key', 'key-controlled-by-issuer', `key ${creator} belongs to the issuer ${issuerId}`, { key: creator, issuer: issuerId });
  return { issuerKey, status: await revocationStatus(assertion, issuer, options) };
}

async function revocationStatus(assertion: JsonObject, issuer: JsonObject, options: VerifyOptions): Promise<Check> {
  if (issuer.revocationList === undefined) return pass('status', 'status-no-list', 'the issuer publishes no revocation list');
  try {
    const list = await fetchObject(issuer.revocationList, 'revocation list', options);
    const finding = readOb2RevocationList(list, String(assertion.id));
    if (!finding.revoked) return pass('status', 'status-not-revoked', 'not in the revocation list');
    return finding.reason ? fail('status', 'status-revoked-with-reason', `revoked: ${finding.reason}`, { reason: finding.reason }) : fail('status', 'status-revoked', 'revoked');
  } catch (error) {
    const detail = errorMessage(error);
    return fail('status', 'status-unavailable', `status could not be checked: ${detail}`, { detail });
  }
}

/** All checks of an OB 2.0 signed assertion (compact JWS, RS256). */
export async function ob2JwsChecks(jws: string, parsed: ParsedJws, options: VerifyOptions): Promise<Check[]> {
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
    return [...checks, fail('proof', 'alg-not-accepted', `OB 2.0 signatures use RS256, not ${alg}`, { alg }), fail('issuer-key', 'key-not-checked', 'signature not checked')];
  }
  if (!creator) return [...checks, fail('proof', 'proof-no-creator', 'no verification.creator'), fail('issuer-key', 'key-not-checked', 'no key')];
  let key: JsonObject;
  try {
    key = await fetchObject(creator, 'CryptographicKey', options);
    if (typeof key.publicKeyPem !== 'string') throw new Error('the CryptographicKey has no publicKeyPem');
    await compactVerify(jws, await importSPKI(key.publicKeyPem, 'RS256'), { algorithms: ['RS256'] });
  } catch (error) {
    const detail = errorMessage(error);
    const unresolved = /fetch|load|no fetcher|not a JSON|publicKeyPem/.test(detail) || !options.fetchJson;
    if (unresolved) {
      const params = { key: creator, detail };
      return [...checks, fail('proof', 'key-unresolved', `key could not be resolved: ${creator} (${detail})`, params), fail('issuer-key', 'key-unresolved', `key could not be resolved: ${creator}`, params)];
    }
    return [...checks, fail('proof', 'proof-invalid-signature', `JWS signature is not valid: ${detail}`, { detail }), fail('issuer-key', 'key-not-checked', 'signature not valid')];
  }
  const { issuerKey, status } = await issuerChecks(assertion, key, creator, options);
  return [...checks, pass('proof', 'proof-valid', 'RS256 signature is valid', { method: 'RS256' }), issuerKey, options.skipStatus ? pass('status', 'status-not-checked', 'not checked') : status];
}
