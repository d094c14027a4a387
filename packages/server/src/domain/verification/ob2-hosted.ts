import { BADGE_CLASS, checkReason, describeIssuer, hostedOriginProblem, ISSUER_PROFILE, loadOb2Document, staysOnOrigin, validateOb2Document, type CheckReason, type JsonObject, type Ob2Fetch, type VerifiedIssuer } from '@laurel/core';
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

/** The verifier's remote port as OB 2.0 document loading wants it: the final URL, or a throw. */
function ob2Fetch(remote: RemoteDocuments): Ob2Fetch {
  return async (url) => {
    const got = await remote.getJson(url);
    if (!got.ok) throw new Error(got.reason);
    return { url: got.url, json: got.json };
  };
}

/** The assertion as published at its id: its copy, or why there is none (410 Gone is a revocation). */
async function published(remote: RemoteDocuments, id: string): Promise<{ doc?: JsonObject; problem?: CheckReason; gone?: boolean }> {
  const got = await remote.getJson(id);
  const unavailable = (detail: string) => checkReason('hosted-unavailable', `the assertion at its id could not be loaded: ${detail}`, { url: id, detail });
  if (!got.ok) return got.status === 410 ? { gone: true } : { problem: unavailable(got.reason) };
  if (got.url !== id && !staysOnOrigin(id, got.url)) return { problem: unavailable(`${id} redirected to another origin (${new URL(got.url).origin})`) };
  if (!isObject(got.json)) return { problem: unavailable(`${id} is not a JSON object`) };
  return { doc: got.json };
}

function problemsOf(doc: JsonObject, label: string, expectedType: string): CheckReason[] {
  const problems = validateOb2Document(doc).map((p) => `${label} ${p.path}: ${p.message}`);
  const types = asArray(doc.type).map(String);
  if (!types.includes(expectedType) && !(expectedType === 'Issuer' && types.includes('Profile'))) problems.push(`${label} type must be ${expectedType}`);
  return problems.map((reason) => checkReason('schema-invalid', reason));
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

export interface HostedVerdict {
  checks: VerifyCheck[];
  /** The assertion the checks are about: the copy published at its id when it could be read, else the given one. */
  assertion: JsonObject;
  /** The issuer profile read at its own URL, when the assertion is published where that profile allows. */
  issuer?: VerifiedIssuer | undefined;
}

/**
 * OB 2.0 hosted verification. The given assertion only names its id: the copy published there is the
 * one checked (the given one must match it). The BadgeClass and the Issuer are read at their own URLs
 * (embedded copies never decide), each must carry that URL as its id, and redirects stay on the origin.
 * The assertion must not be revoked (`revoked: true` or HTTP 410), must be hosted where the issuer's
 * profile allows, and be within its dates.
 */
export async function hostedChecks(remote: RemoteDocuments, input: HostedInput, now: Date): Promise<HostedVerdict> {
  const given = input.assertion;
  const id = given.id;
  const verificationType = isObject(given.verification) ? String(given.verification.type) : undefined;
  const hostedProblems: CheckReason[] = [];
  let status = pass('status', checkReason('status-not-revoked', 'not revoked'));
  let assertion: JsonObject = given;
  if (verificationType !== undefined && !['hosted', 'HostedBadge'].includes(verificationType)) {
    hostedProblems.push(checkReason('hosted-not-hosted-type', `verification.type is ${verificationType}, not hosted`, { type: verificationType }));
  }
  if (!isHttpUrl(id)) hostedProblems.push(checkReason('hosted-no-http-id', 'a hosted assertion needs an http(s) id to be fetched from'));
  else if (input.fetchedFrom !== id) {
    const found = await published(remote, id);
    if (found.gone) status = fail('status', checkReason('status-revoked-gone', `revoked: ${id} answers 410 Gone`, { url: id }));
    else if (found.problem) hostedProblems.push(found.problem);
    else if (found.doc) {
      assertion = found.doc;
      if (found.doc.revoked !== true && !sameJson(found.doc, given)) {
        hostedProblems.push(checkReason('hosted-differs', `the assertion published at ${id} differs from the one given`, { url: id }));
      }
    }
  }
  if (assertion.revoked === true) {
    const why = assertion.revocationReason;
    status = fail('status', typeof why === 'string' ? checkReason('status-revoked-with-reason', `revoked: ${why}`, { reason: why }) : checkReason('status-revoked', 'revoked'));
  }

  const fetch = ob2Fetch(remote);
  const schemaProblems = problemsOf(assertion, 'assertion', 'Assertion');
  const badge = await loadOb2Document(fetch, assertion.badge, BADGE_CLASS);
  const issuer = badge.ok ? await loadOb2Document(fetch, badge.doc.issuer, ISSUER_PROFILE) : undefined;
  if (!badge.ok) schemaProblems.push(badge.problem);
  else schemaProblems.push(...problemsOf(badge.doc, 'badge class', 'BadgeClass'));
  if (issuer && !issuer.ok) schemaProblems.push(issuer.problem);
  if (issuer?.ok) {
    schemaProblems.push(...problemsOf(issuer.doc, 'issuer', 'Issuer'));
    if (isHttpUrl(id)) {
      const problem = hostedOriginProblem(id, issuer.doc);
      if (problem) hostedProblems.push(problem);
    }
  }

  const checks = [
    pass('format', checkReason('format-ob2-hosted', 'OB 2.0 hosted assertion')),
    hostedProblems.length === 0
      ? pass('hosted', checkReason('hosted-valid', `published at its id ${String(id)} by its issuer, and matches`, { url: String(id) }))
      : failAll('hosted', hostedProblems),
    schemaProblems.length === 0 ? pass('schema', checkReason('schema-valid', 'the assertion, badge class and issuer have every required field')) : failAll('schema', schemaProblems),
    validity(assertion, now),
    status,
  ];
  // Published where the issuer's own profile allows: that profile is the issuer, whatever the given copy embeds.
  return { checks, assertion, ...(issuer?.ok && hostedProblems.length === 0 ? { issuer: describeIssuer(issuer.url, issuer.doc) } : {}) };
}
