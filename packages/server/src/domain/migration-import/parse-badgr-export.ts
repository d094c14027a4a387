import { email, httpUrl, isObject, isoDate, text } from './item-fields.js';
import { IMPORT_LIMITS, type ImportedAchievement, type ImportItem } from './ports.js';

/**
 * A Badgr / Canvas Credentials export, as its v2 API answers (https://api.badgr.io/docs/v2):
 * `{ badgeclasses, assertions }`, each either the API's envelope `{ status, result: [...] }` or the bare
 * array. A BadgeClass has `entityId`, `openBadgeId`, `name`, `description`, `criteriaNarrative`,
 * `criteriaUrl`; an Assertion has `entityId`, `openBadgeId`, `badgeclass` (the class's entityId),
 * `recipient: { identity, hashed, type, plaintextIdentity }`, `issuedOn`, `narrative`, `evidence: [{ url,
 * narrative }]`, `revoked`. The original id kept is the assertion's `openBadgeId` (its OB 2.0 id, the
 * same an OB 2.0 import of it would give), else `badgr:<entityId>`.
 */
export function parseBadgrExport(exported: unknown): { items: ImportItem[]; error?: string } {
  if (!isObject(exported)) return { items: [], error: 'a Badgr export is a JSON object with `badgeclasses` and `assertions`' };
  // Own properties only: a key inherited from a prototype is not part of the file.
  const classes = resultsOf(Object.hasOwn(exported, 'badgeclasses') ? exported.badgeclasses : undefined);
  const assertions = resultsOf(Object.hasOwn(exported, 'assertions') ? exported.assertions : undefined);
  if (!classes || !assertions) return { items: [], error: 'the export needs `badgeclasses` and `assertions` (arrays, or the API\'s `{ result: [...] }`)' };
  if (assertions.length > IMPORT_LIMITS.maxItems) return { items: [], error: `at most ${IMPORT_LIMITS.maxItems} assertions per import` };
  const byId = new Map<string, ImportedAchievement>();
  for (const c of classes) {
    if (!isObject(c)) continue;
    const achievement = achievementOf(c);
    for (const key of [text(c.entityId), text(c.openBadgeId)]) if (key && achievement) byId.set(key, achievement);
  }
  return { items: assertions.map((a, index) => itemOf(a, index, byId)) };
}

function resultsOf(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value;
  if (isObject(value) && Object.hasOwn(value, 'result') && Array.isArray(value.result)) return value.result;
  return null;
}

function achievementOf(c: Record<string, unknown>): ImportedAchievement | null {
  const name = text(c.name);
  if (!name) return null;
  const criteriaUrl = httpUrl(c.criteriaUrl);
  const criteriaNarrative = text(c.criteriaNarrative);
  return { name, description: text(c.description) ?? name, criteriaNarrative: criteriaNarrative ?? (criteriaUrl ? null : name), criteriaUrl };
}

function itemOf(a: unknown, index: number, classes: Map<string, ImportedAchievement>): ImportItem {
  if (!isObject(a)) return { index, kind: 'invalid', originalId: null, reason: 'not an assertion object' };
  const entityId = text(a.entityId);
  const originalId = httpUrl(a.openBadgeId) ?? (entityId ? `badgr:${entityId}` : null);
  const invalid = (reason: string): ImportItem => ({ index, kind: 'invalid', originalId, reason });
  if (!originalId) return invalid('the assertion has neither `openBadgeId` nor `entityId`');
  if (a.revoked === true) return invalid('the assertion was revoked at the former provider');
  const achievement = classes.get(text(a.badgeclass) ?? '') ?? classes.get(text(a.badgeclassOpenBadgeId) ?? '');
  if (!achievement) return invalid('its badge class is not in the export');
  const recipient = isObject(a.recipient) ? a.recipient : {};
  if (recipient.type !== undefined && recipient.type !== 'email') return invalid('only e-mail recipients can be imported');
  const address = email(recipient.plaintextIdentity) ?? (recipient.hashed === true ? null : email(recipient.identity));
  if (!address) return invalid('the recipient e-mail address is missing (a hashed identity needs `plaintextIdentity`)');
  const issuedOn = isoDate(a.issuedOn);
  if (!issuedOn) return invalid('`issuedOn` is not an ISO 8601 date');
  const evidence = Array.isArray(a.evidence) ? a.evidence.find(isObject) : undefined;
  return {
    index,
    kind: 'award',
    originalId,
    email: address,
    name: null,
    achievement,
    issuedOn,
    narrative: text(a.narrative) ?? (evidence ? text(evidence.narrative) : null),
    evidenceUrl: evidence ? httpUrl(evidence.url) : null,
  };
}
