import { validateOb2Document, type JsonObject } from '@laurel/core';
import { asArray, isHttpUrl, isObject, sameJson } from './json.js';
import type { RemoteDocuments, VerifyCheck } from './ports.js';

const pass = (name: VerifyCheck['name'], reason: string): VerifyCheck => ({ name, ok: true, reason });
const fail = (name: VerifyCheck['name'], reason: string): VerifyCheck => ({ name, ok: false, reason });

export interface HostedInput {
  /** The assertion as given (from an image, a JSON body, or a fetch). */
  assertion: JsonObject;
  /** The URL the given assertion was itself fetched from (after redirects), if it was. */
  fetchedFrom?: string | undefined;
}

interface Loaded {
  doc?: JsonObject;
  problem?: string;
  gone?: boolean;
}

async function load(remote: RemoteDocuments, ref: unknown, what: string): Promise<Loaded> {
  if (isObject(ref)) return { doc: ref };
  if (!isHttpUrl(ref)) return { problem: `the ${what} is not an http(s) URL or an embedded object` };
  const got = await remote.getJson(ref);
  if (!got.ok) return { problem: `the ${what} could not be loaded: ${got.reason}`, gone: got.status === 410 };
  if (!isObject(got.json)) return { problem: `the ${what} at ${ref} is not a JSON object` };
  return { doc: got.json };
}

function problemsOf(doc: JsonObject, label: string, expectedType: string): string[] {
  const problems = validateOb2Document(doc).map((p) => `${label} ${p.path}: ${p.message}`);
  const types = asArray(doc.type).map(String);
  if (!types.includes(expectedType) && !(expectedType === 'Issuer' && types.includes('Profile'))) problems.push(`${label} type must be ${expectedType}`);
  return problems;
}

/** The OB 2.0 hosting rule: the assertion lives where the issuer allows (its `verification` policy, else the issuer's own host). */
function originProblem(assertionId: string, issuer: JsonObject): string | undefined {
  const at = new URL(assertionId);
  const policy = isObject(issuer.verification) ? issuer.verification : {};
  const allowed = asArray(policy.allowedOrigins).map(String);
  const startsWith = asArray(policy.startsWith).map(String);
  if (allowed.length > 0 && !allowed.some((o) => o === at.host || o === at.hostname)) return `${at.host} is not among the issuer's allowedOrigins`;
  if (startsWith.length > 0 && !startsWith.some((p) => assertionId.startsWith(p))) return 'the assertion id does not start with a prefix the issuer allows';
  if (allowed.length === 0 && startsWith.length === 0) {
    if (!isHttpUrl(issuer.id)) return 'the issuer has no http(s) id to compare hosts with';
    if (new URL(issuer.id).hostname !== at.hostname) return `the assertion is hosted on ${at.hostname}, not on the issuer's host ${new URL(issuer.id).hostname}`;
  }
  return undefined;
}

function validity(assertion: JsonObject, now: Date): VerifyCheck {
  const issued = typeof assertion.issuedOn === 'string' ? Date.parse(assertion.issuedOn) : Number.NaN;
  const expires = typeof assertion.expires === 'string' ? Date.parse(assertion.expires) : Number.NaN;
  if (!Number.isNaN(issued) && now.getTime() < issued) return fail('validity', `not valid yet: issued on ${String(assertion.issuedOn)}`);
  if (!Number.isNaN(expires) && now.getTime() >= expires) return fail('validity', `expired at ${String(assertion.expires)}`);
  return pass('validity', Number.isNaN(expires) ? 'no expiry' : `valid until ${String(assertion.expires)}`);
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
  const hostedProblems: string[] = [];
  let status = pass('status', 'not revoked');
  let hosted: JsonObject = given;
  if (verificationType !== undefined && !['hosted', 'HostedBadge'].includes(verificationType)) hostedProblems.push(`verification.type is ${verificationType}, not hosted`);
  if (!isHttpUrl(id)) hostedProblems.push('a hosted assertion needs an http(s) id to be fetched from');
  else if (input.fetchedFrom !== id) {
    const loaded = await load(remote, id, 'assertion at its id');
    if (loaded.gone) status = fail('status', `revoked: ${id} answers 410 Gone`);
    else if (loaded.problem) hostedProblems.push(loaded.problem);
    else if (loaded.doc) {
      hosted = loaded.doc;
      if (loaded.doc.revoked !== true && !sameJson(loaded.doc, given)) hostedProblems.push(`the assertion published at ${id} differs from the one given`);
    }
  }
  if (hosted.revoked === true) {
    status = fail('status', `revoked${typeof hosted.revocationReason === 'string' ? `: ${hosted.revocationReason}` : ''}`);
  }

  const schemaProblems = problemsOf(given, 'assertion', 'Assertion');
  const badge = await load(remote, given.badge, 'badge class');
  if (badge.problem) schemaProblems.push(badge.problem);
  if (badge.doc) schemaProblems.push(...problemsOf(badge.doc, 'badge class', 'BadgeClass'));
  if (badge.doc && typeof given.badge === 'string' && badge.doc.id !== given.badge) schemaProblems.push(`the badge class at ${given.badge} has id ${String(badge.doc.id)}`);
  const issuer = badge.doc ? await load(remote, badge.doc.issuer, 'issuer profile') : { problem: 'no issuer: the badge class could not be read' };
  if (issuer.problem) schemaProblems.push(issuer.problem);
  if (issuer.doc) schemaProblems.push(...problemsOf(issuer.doc, 'issuer', 'Issuer'));
  if (issuer.doc && isHttpUrl(id)) {
    const problem = originProblem(id, issuer.doc);
    if (problem) hostedProblems.push(problem);
  }

  return [
    pass('format', 'OB 2.0 hosted assertion'),
    hostedProblems.length === 0 ? pass('hosted', `published at its id ${String(id)} by its issuer, and matches`) : fail('hosted', hostedProblems.join('; ')),
    schemaProblems.length === 0 ? pass('schema', 'the assertion, badge class and issuer have every required field') : fail('schema', schemaProblems.join('; ')),
    validity(given, now),
    status,
  ];
}
