import { compactVerify, importSPKI } from 'jose';
import type { JsonObject } from '../contexts/bundled.js';
import { validateOb2Document } from '../ob2/index.js';
import { readOb2RevocationList } from '../status/ob2-revocation-list.js';
import { retiredKeyProblem } from './key-retirement.js';
import { asArray, idOf, isObject } from './json.js';
import type { ParsedJws } from './jws.js';
import type { VerifyOptions } from './options.js';
import { errorMessage, fail, pass, type Check } from './report.js';

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
  if (!Number.isNaN(issued) && now.getTime() < issued) return fail('validity', `not valid yet: issued on ${String(assertion.issuedOn)}`);
  if (!Number.isNaN(expires) && now.getTime() >= expires) return fail('validity', `expired at ${String(assertion.expires)}`);
  if (!Number.isNaN(expires) && !Number.isNaN(issued) && expires < issued) return fail('validity', 'expires is before issuedOn');
  return pass('validity', Number.isNaN(expires) ? 'no expiry' : `valid until ${String(assertion.expires)}`);
}

async function issuerChecks(assertion: JsonObject, key: JsonObject, creator: string, options: VerifyOptions): Promise<{ issuerKey: Check; status: Check }> {
  let issuer: JsonObject;
  try {
    const badge = await fetchObject(assertion.badge, 'badge class', options);
    issuer = await fetchObject(badge.issuer, 'issuer profile', options);
  } catch (error) {
    const reason = `issuer could not be loaded: ${errorMessage(error)}`;
    return { issuerKey: fail('issuer-key', reason), status: fail('status', reason) };
  }
  const issuerId = idOf(issuer);
  const listed = asArray(issuer.publicKey).map(idOf).includes(creator);
  const retired = retiredKeyProblem(key, typeof assertion.issuedOn === 'string' ? assertion.issuedOn : undefined);
  const issuerKey = retired
    ? fail('issuer-key', retired)
    : idOf(key.owner) !== issuerId
      ? fail('issuer-key', `key owner ${String(idOf(key.owner))} is not the issuer ${String(issuerId)}`)
      : !listed
        ? fail('issuer-key', `the issuer does not list ${creator} in publicKey`)
        : pass('issuer-key', `key ${creator} belongs to the issuer ${String(issuerId)}`);
  return { issuerKey, status: await revocationStatus(assertion, issuer, options) };
}

async function revocationStatus(assertion: JsonObject, issuer: JsonObject, options: VerifyOptions): Promise<Check> {
  if (issuer.revocationList === undefined) return pass('status', 'the issuer publishes no revocation list');
  try {
    const list = await fetchObject(issuer.revocationList, 'revocation list', options);
    const finding = readOb2RevocationList(list, String(assertion.id));
    return finding.revoked ? fail('status', `revoked${finding.reason ? `: ${finding.reason}` : ''}`) : pass('status', 'not in the revocation list');
  } catch (error) {
    return fail('status', `status could not be checked: ${errorMessage(error)}`);
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
  const schema = problems.length === 0 ? pass('schema', 'OB 2.0 Assertion structure is valid') : fail('schema', problems.join('; '));
  const checks: Check[] = [schema, validity(assertion, options.now())];
  if (parsed.header.alg !== 'RS256') return [...checks, fail('proof', `OB 2.0 signatures use RS256, not ${String(parsed.header.alg)}`), fail('issuer-key', 'signature not checked')];
  if (!creator) return [...checks, fail('proof', 'no verification.creator'), fail('issuer-key', 'no key')];
  let key: JsonObject;
  try {
    key = await fetchObject(creator, 'CryptographicKey', options);
    if (typeof key.publicKeyPem !== 'string') throw new Error('the CryptographicKey has no publicKeyPem');
    await compactVerify(jws, await importSPKI(key.publicKeyPem, 'RS256'), { algorithms: ['RS256'] });
  } catch (error) {
    const reason = errorMessage(error);
    const unresolved = /fetch|load|no fetcher|not a JSON|publicKeyPem/.test(reason) || !options.fetchJson;
    return [...checks, fail('proof', unresolved ? `key could not be resolved: ${creator} (${reason})` : `JWS signature is not valid: ${reason}`), fail('issuer-key', unresolved ? `key could not be resolved: ${creator}` : 'signature not valid')];
  }
  const { issuerKey, status } = await issuerChecks(assertion, key, creator, options);
  return [...checks, pass('proof', 'RS256 signature is valid'), issuerKey, options.skipStatus ? pass('status', 'not checked') : status];
}
