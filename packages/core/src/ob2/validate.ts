import { OB2_CONTEXT } from './links.js';

export interface Ob2Problem {
  path: string;
  message: string;
}

type Doc = Record<string, unknown>;

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function isIri(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

function types(doc: Doc): string[] {
  const t = doc.type;
  return Array.isArray(t) ? t.map(String) : typeof t === 'string' ? [t] : [];
}

function requireField(doc: Doc, field: string, problems: Ob2Problem[], check?: (v: unknown) => boolean, what = 'a valid value'): void {
  const value = doc[field];
  if (value === undefined || value === null || value === '') problems.push({ path: field, message: `${field} is required` });
  else if (check && !check(value)) problems.push({ path: field, message: `${field} must be ${what}` });
}

export interface ValidateOb2Options {
  /**
   * The `@context` of the document this one was reached from (an assertion's, for its BadgeClass; a
   * BadgeClass's, for its Issuer). A node without its own `@context` is read in that context, as
   * JSON-LD reads an embedded node and as 1EdTech's validator reads a linked one.
   */
  inheritedContext?: unknown;
}

/**
 * Structural validation of an OB 2.0 Issuer, BadgeClass or Assertion against the fields the
 * specification marks as required. Returns the list of problems (empty when valid).
 */
export function validateOb2Document(doc: Doc, options: ValidateOb2Options = {}): Ob2Problem[] {
  const problems: Ob2Problem[] = [];
  const context = doc['@context'] === undefined ? options.inheritedContext : doc['@context'];
  const contexts = Array.isArray(context) ? context : [context];
  // The OB 2.0 context by URL, or an inline context object (as some issuers embed it).
  if (!contexts.some((c) => c === OB2_CONTEXT || (typeof c === 'object' && c !== null))) {
    problems.push({ path: '@context', message: `@context must include ${OB2_CONTEXT}` });
  }
  requireField(doc, 'id', problems, isIri, 'an IRI');
  const docTypes = types(doc);
  if (docTypes.includes('Assertion')) validateAssertion(doc, problems);
  else if (docTypes.includes('BadgeClass')) validateBadgeClass(doc, problems);
  else if (docTypes.includes('Issuer') || docTypes.includes('Profile')) validateIssuer(doc, problems);
  else problems.push({ path: 'type', message: 'type must be Assertion, BadgeClass, Issuer or Profile' });
  return problems;
}

function validateAssertion(doc: Doc, problems: Ob2Problem[]): void {
  requireField(doc, 'recipient', problems, (v) => typeof v === 'object', 'an IdentityObject');
  const recipient = doc.recipient as Doc | undefined;
  if (recipient && typeof recipient === 'object') {
    if (typeof recipient.type !== 'string') problems.push({ path: 'recipient.type', message: 'recipient.type is required' });
    if (typeof recipient.identity !== 'string') problems.push({ path: 'recipient.identity', message: 'recipient.identity is required' });
    if (typeof recipient.hashed !== 'boolean') problems.push({ path: 'recipient.hashed', message: 'recipient.hashed must be a boolean' });
    if (recipient.hashed === true && !/^(sha256|md5)\$[0-9a-f]+$/i.test(String(recipient.identity))) {
      problems.push({ path: 'recipient.identity', message: 'a hashed identity must look like sha256$<hex>' });
    }
  }
  requireField(doc, 'badge', problems, (v) => isIri(v) || typeof v === 'object', 'a BadgeClass IRI');
  requireField(doc, 'issuedOn', problems, (v) => typeof v === 'string' && ISO_DATETIME.test(v), 'an ISO 8601 date-time');
  if (doc.expires !== undefined && !(typeof doc.expires === 'string' && ISO_DATETIME.test(doc.expires))) {
    problems.push({ path: 'expires', message: 'expires must be an ISO 8601 date-time' });
  }
  const verification = doc.verification as Doc | undefined;
  if (!verification || typeof verification !== 'object') problems.push({ path: 'verification', message: 'verification is required' });
  else if (!['hosted', 'HostedBadge', 'signed', 'SignedBadge'].includes(String(verification.type))) {
    problems.push({ path: 'verification.type', message: 'verification.type must be hosted or signed' });
  }
}

function validateBadgeClass(doc: Doc, problems: Ob2Problem[]): void {
  requireField(doc, 'name', problems, (v) => typeof v === 'string', 'text');
  requireField(doc, 'description', problems, (v) => typeof v === 'string', 'text');
  requireField(doc, 'image', problems, (v) => isIri(v) || typeof v === 'object', 'an image IRI');
  requireField(doc, 'criteria', problems, (v) => isIri(v) || typeof v === 'object', 'a Criteria object or IRI');
  requireField(doc, 'issuer', problems, (v) => isIri(v) || typeof v === 'object', 'an Issuer IRI');
}

function validateIssuer(doc: Doc, problems: Ob2Problem[]): void {
  requireField(doc, 'name', problems, (v) => typeof v === 'string', 'text');
  requireField(doc, 'url', problems, isIri, 'an IRI');
  requireField(doc, 'email', problems, (v) => typeof v === 'string' && /.+@.+/.test(v), 'an email address');
}
