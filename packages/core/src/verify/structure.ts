import type { JsonObject } from '../contexts/bundled.js';
import { VC_V1_CONTEXT, VC_V2_CONTEXT } from '../contexts/urls.js';
import { OB3_CREDENTIAL_TYPES } from './options.js';
import { asArray, isDateTime, isObject, isUri, typesOf } from './json.js';
import { relatedResourceFindings } from './related-resources.js';
import { vcdmRuleProblems } from './vcdm-rules.js';

/**
 * Typed nodes of OB 3.0 documents: the path to a node (`[]` = each item of an array) and the type it
 * must carry. 1EdTech's validator rejects credentials whose nested objects have the wrong type.
 */
const TYPED_NODES: ReadonlyArray<[path: string, type: string]> = [
  ['issuer', 'Profile'],
  ['issuer.parentOrg', 'Profile'],
  ['issuer.otherIdentifier[]', 'IdentifierEntry'],
  ['issuer.address', 'Address'],
  ['issuer.image', 'Image'],
  ['credentialSubject.identifier[]', 'IdentityObject'],
  ['credentialSubject.source', 'Profile'],
  ['credentialSubject.result[]', 'Result'],
  ['credentialSubject.image', 'Image'],
  ['credentialSubject.achievement', 'Achievement'],
  ['credentialSubject.achievement.creator', 'Profile'],
  ['credentialSubject.achievement.image', 'Image'],
  ['credentialSubject.achievement.alignment[]', 'Alignment'],
  ['credentialSubject.achievement.otherIdentifier[]', 'IdentifierEntry'],
  ['credentialSubject.achievement.resultDescription[]', 'ResultDescription'],
  ['credentialSubject.achievement.resultDescription[].rubricCriterionLevel[]', 'RubricCriterionLevel'],
  ['credentialSubject.achievement.related[]', 'Related'],
  ['evidence[]', 'Evidence'],
  ['endorsement[]', 'EndorsementCredential'],
];

/** TYPED_NODES with each path split once: its keys, and whether each step is every item of an array (`[]`). */
const TYPED_PATHS = TYPED_NODES.map(([path, type]) => ({
  steps: path.split('.').map((segment) => ({ key: segment.endsWith('[]') ? segment.slice(0, -2) : segment, each: segment.endsWith('[]') })),
  type,
}));

type Step = (typeof TYPED_PATHS)[number]['steps'][number];

/**
 * Calls `visit` with each node at `steps` below `node` and its path (`a.b[0].c`), the path spelled
 * out only when asked for (a problem to report).
 */
function eachNodeAt(node: unknown, steps: readonly Step[], at: number, trail: Array<string | number>, visit: (node: unknown, path: () => string) => void): void {
  if (at === steps.length) {
    visit(node, () => trail.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join(''));
    return;
  }
  if (!isObject(node)) return;
  const { key, each } = steps[at]!;
  const child = node[key];
  if (child === undefined) return;
  trail.push(key);
  if (Array.isArray(child) || each) {
    const items = asArray(child);
    for (let i = 0; i < items.length; i++) {
      trail.push(i);
      eachNodeAt(items[i], steps, at + 1, trail, visit);
      trail.pop();
    }
  } else eachNodeAt(child, steps, at + 1, trail, visit);
  trail.pop();
}

function checkContext(doc: JsonObject, problems: string[]): 'v1' | 'v2' | undefined {
  const contexts = asArray(doc['@context']);
  if (contexts.length === 0) {
    problems.push('@context is missing');
    return undefined;
  }
  if (contexts[0] === VC_V2_CONTEXT) return 'v2';
  if (contexts[0] === VC_V1_CONTEXT) return 'v1';
  problems.push(`the first @context must be ${VC_V2_CONTEXT} (or ${VC_V1_CONTEXT}), not ${JSON.stringify(contexts[0])}`);
  return undefined;
}

function checkDates(doc: JsonObject, version: 'v1' | 'v2' | undefined, requireIssued: boolean, problems: string[]): void {
  const [from, until] = version === 'v1' ? ['issuanceDate', 'expirationDate'] : ['validFrom', 'validUntil'];
  if (doc[from] === undefined && version === 'v1') problems.push('issuanceDate is required');
  if (doc[from] === undefined && version === 'v2' && requireIssued) problems.push('validFrom is required');
  for (const field of [from, until] as const) {
    if (doc[field] !== undefined && !isDateTime(doc[field])) problems.push(`${field} must be an XML Schema dateTimeStamp (a date and time with a time zone)`);
  }
}

function hasType(node: unknown, type: string): boolean {
  if (!isObject(node)) return false;
  const types = node.type;
  return types === type || (Array.isArray(types) && types.includes(type));
}

function checkTypedNodes(doc: JsonObject, problems: string[]): void {
  for (const { steps, type } of TYPED_PATHS) {
    eachNodeAt(doc, steps, 0, [], (node, path) => {
      if (typeof node === 'string' && isUri(node)) return; // a reference, not an embedded node
      if (!hasType(node, type)) problems.push(`${path()} must have type ${type} (has ${JSON.stringify(isObject(node) ? node.type : node)})`);
    });
  }
}

/**
 * VC Data Model (2.0, or 1.1 for older credentials) rules on the whole document (vcdm-rules.ts,
 * related-resources.ts) plus the OB 3.0 node types 1EdTech checks. Light by design: the full JSON Schemas stay in the host's tests.
 * Returns the problems found (empty when it conforms).
 */
export function credentialStructureProblems(doc: JsonObject, expectedTypes: readonly string[] = OB3_CREDENTIAL_TYPES): string[] {
  const problems: string[] = [];
  const version = checkContext(doc, problems);
  const types = typesOf(doc);
  if (!types.includes('VerifiableCredential')) problems.push('type must include VerifiableCredential');
  if (expectedTypes.length > 0 && !types.some((t) => expectedTypes.includes(t))) {
    problems.push(`type must include one of ${expectedTypes.join(', ')} (has ${types.join(', ') || 'none'})`);
  }
  const isOpenBadge = types.some((t) => (OB3_CREDENTIAL_TYPES as readonly string[]).includes(t));
  if (doc.id !== undefined && !isUri(doc.id)) problems.push('id must be a URI');
  if (isOpenBadge && doc.id === undefined) problems.push('id is required');
  const issuer = doc.issuer;
  if (issuer === undefined) problems.push('issuer is required');
  else if (!isUri(issuer) && !(isObject(issuer) && isUri(issuer.id))) problems.push('issuer must be a URI or an object with an id URI');
  checkDates(doc, version, isOpenBadge, problems);
  const subjects = asArray(doc.credentialSubject);
  if (subjects.length === 0 || !subjects.every(isObject)) problems.push('credentialSubject must be an object');
  if (isOpenBadge) {
    const subject = doc.credentialSubject;
    const wanted = types.includes('EndorsementCredential') ? 'EndorsementSubject' : 'AchievementSubject';
    if (!typesOf(subject).includes(wanted)) problems.push(`credentialSubject must have type ${wanted}`);
    checkTypedNodes(doc, problems);
  }
  problems.push(...vcdmRuleProblems(doc));
  const related = relatedResourceFindings(doc);
  problems.push(...related.problems, ...related.mismatched.map((url) => `relatedResource ${url}: the digest does not match the bundled document`));
  return problems;
}
