import { checkReason, validateOb2Document, type CheckReason, type JsonObject } from '@laurel/core';
import { asArray, isHttpUrl, isObject, sameJson } from './json.js';
import type { RemoteDocuments, VerifyCheck } from './ports.js';

const pass = (name: VerifyCheck['name'], why: CheckReason): VerifyCheck => ({ name, ok: true, ...why });
const fail = (name: VerifyCheck['name'], why: CheckReason): VerifyCheck => ({ name, ok: false, ...why });

/** Several problems make one failed check: the first one's code, every problem in the reason. */
function failAll(name: VerifyCheck['name'], problems: CheckReason[]): VerifyCheck {
  return fail(name, { ...problems[0]!, reason: problems.map((p) => p.reason).join('; ') });
}

export interface HostedInput {
  /** The assertion as given (from an image, a JSON body, or a fetch). */
  assertion: JsonObject;
  /** The URL the given assertion was itself fetched from (after redirects), if it was. */
  fetchedFrom?: string | undefined;
}

interface Loaded {
  doc?: JsonObject;
  problem?: CheckReason;
  gone?: boolean;
}

type LoadProblem = (detail: string, reason: string) => CheckReason;

async function load(remote: RemoteDocuments, ref: unknown, what: string, problem: LoadProblem): Promise<Loaded> {
  if (isObject(ref)) return { doc: ref };
  if (!isHttpUrl(ref)) return { problem: problem('not an http(s) URL or an embedded object', `the ${what} is not an http(s) URL or an embedded object`) };
  const got = await remote.getJson(ref);
  if (!got.ok) return { problem: problem(got.reason, `the ${what} could not be loaded: ${got.reason}`), gone: got.status === 410 };
  if (!isObject(got.json)) return { problem: problem(`${ref} is not a JSON object`, `the ${what} at ${ref} is not a JSON object`) };
  return { doc: got.json };
}

const badgeClassProblem: LoadProblem = (detail, reason) => checkReason('badge-class-unavailable', reason, { detail });
const issuerProblem: LoadProblem = (detail, reason) => checkReason('issuer-unavailable', reason, { detail });

function problemsOf(doc: JsonObject, label: string, expectedType: string): CheckReason[] {
  const problems = validateOb2Document(doc).map((p) => `${label} ${p.path}: ${p.message}`);
  const types = asArray(doc.type).map(String);
  if (!types.includes(expectedType) && !(expectedType === 'Issuer' && types.includes('Profile'))) problems.push(`${label} type must be ${expectedType}`);
  return problems.map((reason) => checkReason('schema-invalid', reason));
}

/** The OB 2.0 hosting rule: the assertion lives where the issuer allows (its `verification` policy, else the issuer's own host). */
function originProblem(assertionId: string, issuer: JsonObject): CheckReason | undefined {
  const at = new URL(assertionId);
  const policy = isObject(issuer.verification) ? issuer.verification : {};
  const allowed = asArray(policy.allowedOrigins).map(String);
  const startsWith = asArray(policy.startsWith).map(String);
  if (allowed.length > 0 && !allowed.some((o) => o === at.host || o === at.hostname)) {
    return checkReason('hosted-origin-not-allowed', `${at.host} is not among the issuer's allowedOrigins`, { host: at.host });
  }
  if (startsWith.length > 0 && !startsWith.some((p) => assertionId.startsWith(p))) {
    return checkReason('hosted-prefix-not-allowed', 'the assertion id does not start with a prefix the issuer allows');
  }
  if (allowed.length === 0 && startsWith.length === 0) {
    if (!isHttpUrl(issuer.id)) return checkReason('hosted-issuer-no-http-id', 'the issuer has no http(s) id to compare hosts with');
    const issuerHost = new URL(issuer.id).hostname;
    if (issuerHost !== at.hostname) {
      return checkReason('hosted-wrong-host', `the assertion is hosted on ${at.hostname}, not on the issuer's host ${issuerHost}`, { host: at.hostname, issuerHost });
    }
  }
  return undefined;
}

function validity(assertion: JsonObject, now: Date): VerifyCheck {
  const issued = typeof assertion.issuedOn === 'string' ? Date.parse(assertion.issuedOn) : Number.NaN;
  const expires = typeof assertion.expires === 'string' ? Date.parse(assertion.expires) : Number.NaN;
  const issuedOn = String(assertion.issuedOn);
  const expiresAt = String(assertion.expires);
  if (!Number.isNaN(issued) && now.getTime() < issued) return fail('validity', checkReason('not-yet-valid', `not valid yet: issued on ${issuedOn}`, { date: issuedOn }));
  if (!Number.isNaN(expires) && now.getTime() >= expires) return fail('validity', checkReason('expired', `expired at ${expiresAt}`, { date: expiresAt }));
  return pass('validity', Number.isNaN(expires) ? checkReason('valid-no-expiry', 'no expiry') : checkReason('valid-until', `valid until ${expiresAt}`, { date: expiresAt }));
}

/**
 * OB 2.0 hosted verification: the assertion is fetched again at its `id` and must match what was
 * given, must not be revoked (`revoked: true` or HTTP 410), its BadgeClass and Issuer are loaded and
 * checked for the required fields, it must be hosted where the issuer allows, and be within its dates.
 */
export async function hostedChecks(remote: RemoteDocuments, input: HostedInput, now: Date): Promise<VerifyCheck[]> {
  const given = input.assertion;
  const id = given.id;
  const verificationType = isObject(given.verification) ? String(given.verification.type) : undefined;
  const hostedProblems: CheckReason[] = [];
  let status = pass('status', checkReason('status-not-revoked', 'not revoked'));
  let hosted: JsonObject = given;
  if (verificationType !== undefined && !['hosted', 'HostedBadge'].includes(verificationType)) {
    hostedProblems.push(checkReason('hosted-not-hosted-type', `verification.type is ${verificationType}, not hosted`, { type: verificationType }));
  }
  if (!isHttpUrl(id)) hostedProblems.push(checkReason('hosted-no-http-id', 'a hosted assertion needs an http(s) id to be fetched from'));
  else if (input.fetchedFrom !== id) {
    const loaded = await load(remote, id, 'assertion at its id', (detail, reason) => checkReason('hosted-unavailable', reason, { url: id, detail }));
    if (loaded.gone) status = fail('status', checkReason('status-revoked-gone', `revoked: ${id} answers 410 Gone`, { url: id }));
    else if (loaded.problem) hostedProblems.push(loaded.problem);
    else if (loaded.doc) {
      hosted = loaded.doc;
      if (loaded.doc.revoked !== true && !sameJson(loaded.doc, given)) {
        hostedProblems.push(checkReason('hosted-differs', `the assertion published at ${id} differs from the one given`, { url: id }));
      }
    }
  }
  if (hosted.revoked === true) {
    const why = hosted.revocationReason;
    status = fail('status', typeof why === 'string' ? checkReason('status-revoked-with-reason', `revoked: ${why}`, { reason: why }) : checkReason('status-revoked', 'revoked'));
  }

  const schemaProblems = problemsOf(given, 'assertion', 'Assertion');
  const badge = await load(remote, given.badge, 'badge class', badgeClassProblem);
  if (badge.problem) schemaProblems.push(badge.problem);
  if (badge.doc) schemaProblems.push(...problemsOf(badge.doc, 'badge class', 'BadgeClass'));
  if (badge.doc && typeof given.badge === 'string' && badge.doc.id !== given.badge) {
    schemaProblems.push(checkReason('badge-class-id-mismatch', `the badge class at ${given.badge} has id ${String(badge.doc.id)}`, { url: given.badge }));
  }
  const issuer: Loaded = badge.doc
    ? await load(remote, badge.doc.issuer, 'issuer profile', issuerProblem)
    : { problem: issuerProblem('the badge class could not be read', 'no issuer: the badge class could not be read') };
  if (issuer.problem) schemaProblems.push(issuer.problem);
  if (issuer.doc) schemaProblems.push(...problemsOf(issuer.doc, 'issuer', 'Issuer'));
  if (issuer.doc && isHttpUrl(id)) {
    const problem = originProblem(id, issuer.doc);
    if (problem) hostedProblems.push(problem);
  }

  return [
    pass('format', checkReason('format-ob2-hosted', 'OB 2.0 hosted assertion')),
    hostedProblems.length === 0
      ? pass('hosted', checkReason('hosted-valid', `published at its id ${String(id)} by its issuer, and matches`, { url: String(id) }))
      : failAll('hosted', hostedProblems),
    schemaProblems.length === 0 ? pass('schema', checkReason('schema-valid', 'the assertion, badge class and issuer have every required field')) : failAll('schema', schemaProblems),
    validity(given, now),
    status,
  ];
}
