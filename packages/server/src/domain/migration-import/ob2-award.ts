import type { JsonObject } from '@laurel/core';
import { checkRecipient } from '../verification/recipient.js';
import type { VerifyAnyDeps } from '../verification/ports.js';
import { verifyAny } from '../verification/verify-any.js';
import { email, httpUrl, isObject, isoDate, text } from './item-fields.js';
import type { ImportItem, Ob2Input } from './ports.js';

type Award = Extract<ImportItem, { kind: 'award' }>;

/** Why an OB 2.0 assertion was not imported (reported per item, never thrown). */
export class Ob2Refused extends Error {}

const OB2_FORMATS = new Set(['ob2-hosted', 'ob2-jws']);

function sourceOf(input: Ob2Input) {
  if ('url' in input) return { kind: 'url' as const, url: input.url };
  if ('assertion' in input) return { kind: 'json' as const, value: input.assertion };
  return { kind: 'bytes' as const, bytes: new Uint8Array(Buffer.from(input.image, 'base64')) };
}

/**
 * Verifies one OB 2.0 assertion with Laurel's verifier (hosted: fetched at its id through the
 * SSRF-guarded remote; signed: its JWS and the issuer's key) and turns it into an award. One that does
 * not verify, is revoked, is not OB 2.0, or names a recipient other than the given address is refused.
 */
export async function ob2Award(verifier: VerifyAnyDeps, item: Extract<ImportItem, { kind: 'ob2' }>): Promise<Award> {
  let report;
  try {
    report = await verifyAny(verifier, { source: sourceOf(item.input) });
  } catch (error) {
    throw new Ob2Refused(error instanceof Error ? error.message : 'the assertion could not be read');
  }
  if (!OB2_FORMATS.has(report.format) || !report.credential) throw new Ob2Refused('not an Open Badges 2.0 assertion');
  const failed = report.checks.filter((c) => !c.ok);
  if (!report.valid) throw new Ob2Refused(`the assertion does not verify: ${failed.map((c) => `${c.code}: ${c.reason}`).join('; ').slice(0, 500)}`);
  const assertion = report.credential;
  const originalId = text(assertion.id);
  if (!originalId) throw new Ob2Refused('the assertion has no id');
  const address = await recipientOf(assertion, item.email);
  const badge = await badgeOf(verifier, assertion.badge);
  const issuedOn = isoDate(assertion.issuedOn);
  if (!issuedOn) throw new Ob2Refused('`issuedOn` is not an ISO 8601 date');
  const evidence = (Array.isArray(assertion.evidence) ? assertion.evidence : [assertion.evidence]).find((e) => isObject(e) || typeof e === 'string');
  return {
    index: item.index,
    kind: 'award',
    originalId,
    email: address,
    name: null,
    achievement: {
      name: text(badge.name) ?? 'Imported badge',
      description: text(badge.description) ?? text(badge.name) ?? 'Imported badge',
      criteriaNarrative: isObject(badge.criteria) ? text(badge.criteria.narrative) : null,
      criteriaUrl: isObject(badge.criteria) ? httpUrl(badge.criteria.id) : httpUrl(badge.criteria),
    },
    issuedOn,
    narrative: text(assertion.narrative),
    evidenceUrl: typeof evidence === 'string' ? httpUrl(evidence) : isObject(evidence) ? httpUrl(evidence.id) : null,
  };
}

async function recipientOf(assertion: JsonObject, given: string | null): Promise<string> {
  const recipient = isObject(assertion.recipient) ? assertion.recipient : {};
  if (recipient.type !== 'email') throw new Ob2Refused('only assertions to an e-mail recipient can be imported');
  if (given) {
    if (!(await checkRecipient(assertion, given)).matches) throw new Ob2Refused('the assertion was not awarded to the given e-mail address');
    return given;
  }
  const plain = recipient.hashed === true ? null : email(recipient.identity);
  if (!plain) throw new Ob2Refused('the recipient is hashed: give their e-mail address (`email`) to check against it');
  return plain;
}

async function badgeOf(verifier: VerifyAnyDeps, badge: unknown): Promise<Record<string, unknown>> {
  if (isObject(badge)) return badge;
  const url = httpUrl(badge);
  if (!url) throw new Ob2Refused('the assertion names no badge class');
  const got = await verifier.remote.getJson(url);
  if (!got.ok || !isObject(got.json)) throw new Ob2Refused(`the badge class could not be loaded from ${url}`);
  return got.json;
}
