import type { JsonObject } from '../contexts/bundled.js';
import { asArray, isObject, isUri } from './json.js';

/**
 * VC Data Model 2.0 rules beyond the required fields (checked in structure.ts), as the W3C VC 2.0
 * test suite exercises them: every `@context` item after the first is a URL or an object; `type`
 * values are strings; each `termsOfUse`, `evidence`, `refreshService`, `credentialSchema` and
 * `credentialStatus` entry is an object with a type; `id`s are single URLs; each subject makes at
 * least one claim; `name` / `description` are strings or language value objects, and every value
 * object (`@value`, `@language`, `@direction`) is well-formed. Returns the problems found.
 */
export function vcdmRuleProblems(doc: JsonObject): string[] {
  const problems: string[] = [];
  checkContexts(doc, problems);
  checkTypeValues(doc.type, 'type', problems);
  checkTypedEntries(doc, problems);
  checkSubjects(doc, problems);
  checkNamesAndDescriptions(doc, '', problems);
  if (isObject(doc.issuer)) checkNamesAndDescriptions(doc.issuer, 'issuer.', problems);
  checkValueObjects(doc, [], problems);
  return problems;
}

function checkContexts(doc: JsonObject, problems: string[]): void {
  for (const [i, context] of asArray(doc['@context']).entries()) {
    if (i === 0) continue; // the first is checked with the VC version
    if (typeof context === 'string' ? !isUri(context) : !isObject(context)) problems.push(`@context[${i}] must be a URL or an object`);
  }
}

function checkTypeValues(type: unknown, at: string, problems: string[]): void {
  if (type === undefined) return;
  const values = asArray(type);
  if (values.length === 0 || values.some((t) => typeof t !== 'string' || t.trim() === '')) problems.push(`${at} must be one or more strings (terms or URLs)`);
}

/** The properties whose entries must each be an object with a `type` (VC DM 2.0 §4.5, §4.10–4.11, §5.4–5.6). */
const TYPED_ENTRIES = ['credentialStatus', 'credentialSchema', 'termsOfUse', 'evidence', 'refreshService'] as const;

function checkTypedEntries(doc: JsonObject, problems: string[]): void {
  for (const property of TYPED_ENTRIES) {
    if (doc[property] === undefined) continue;
    const entries = asArray(doc[property]);
    if (entries.length === 0) problems.push(`${property} must be one or more objects`);
    for (const [i, entry] of entries.entries()) {
      const at = `${property}[${i}]`;
      if (!isObject(entry)) {
        problems.push(`${at} must be an object with a type`);
        continue;
      }
      if (entry.type === undefined) problems.push(`${at} must have a type`);
      else checkTypeValues(entry.type, `${at}.type`, problems);
      if (property === 'credentialSchema' && entry.id === undefined) problems.push(`${at} must have an id URL`);
      if (entry.id !== undefined && !isUri(entry.id)) problems.push(`${at}.id must be a single URL`);
    }
  }
}

function checkSubjects(doc: JsonObject, problems: string[]): void {
  for (const [i, subject] of asArray(doc.credentialSubject).entries()) {
    if (!isObject(subject)) continue; // structure.ts reports it
    if (Object.keys(subject).length === 0) problems.push(`credentialSubject[${i}] must make at least one claim`);
    if (subject.id !== undefined && !isUri(subject.id)) problems.push(`credentialSubject[${i}].id must be a single URL`);
  }
}

function isLanguageString(value: unknown): boolean {
  return typeof value === 'string' || (isObject(value) && typeof value['@value'] === 'string');
}

function checkNamesAndDescriptions(node: JsonObject, at: string, problems: string[]): void {
  for (const property of ['name', 'description']) {
    if (node[property] === undefined) continue;
    const values = asArray(node[property]);
    if (values.length === 0 || !values.every(isLanguageString)) problems.push(`${at}${property} must be a string or language value objects`);
  }
}

const VALUE_OBJECT_KEYS = new Set(['@value', '@language', '@direction', '@type', '@index', '@context']);
/** BCP 47 language tag, loosely: letters/digits subtags separated by hyphens. */
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;
/** Deeper nesting is not walked (the request body limits bound the document anyway). */
const MAX_DEPTH = 32;

function checkValueObject(node: JsonObject, at: string, problems: string[]): void {
  const where = at || 'the credential';
  const extra = Object.keys(node).filter((key) => !VALUE_OBJECT_KEYS.has(key));
  if (extra.length > 0) problems.push(`${where}: a value object (@value) cannot also have ${extra.join(', ')}`);
  const tagged = node['@language'] !== undefined || node['@direction'] !== undefined;
  if (tagged && typeof node['@value'] !== 'string') problems.push(`${where}: @value must be a string when @language or @direction is given`);
  if (tagged && node['@type'] !== undefined) problems.push(`${where}: a value object cannot have both @type and @language/@direction`);
  if (node['@language'] !== undefined && (typeof node['@language'] !== 'string' || !LANGUAGE_TAG.test(node['@language']))) problems.push(`${where}: @language must be a BCP 47 language tag`);
  if (node['@direction'] !== undefined && node['@direction'] !== 'ltr' && node['@direction'] !== 'rtl') problems.push(`${where}: @direction must be "ltr" or "rtl"`);
}

/** Where a node is, written only when a problem is found (the walk itself builds no strings). */
function pathOf(segments: readonly (string | number)[]): string {
  return segments.reduce<string>((at, s) => (typeof s === 'number' ? `${at}[${s}]` : at ? `${at}.${s}` : s), '');
}

function checkValueObjects(node: unknown, segments: (string | number)[], problems: string[]): void {
  if (segments.length > MAX_DEPTH) return;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      segments.push(i);
      checkValueObjects(node[i], segments, problems);
      segments.pop();
    }
    return;
  }
  if (!isObject(node)) return;
  if (node['@value'] !== undefined) {
    checkValueObject(node, pathOf(segments), problems);
    return;
  }
  for (const key in node) {
    if (key === '@context' || key === 'proof') continue;
    segments.push(key);
    checkValueObjects(node[key], segments, problems);
    segments.pop();
  }
}
