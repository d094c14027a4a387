import type { JsonObject } from '../contexts/bundled.js';
import { OB2_CONTEXT } from '../ob2/links.js';
import { asArray, isObject, typesOf } from './json.js';
import { fail, type Check } from './report.js';

/**
 * Open Badges documents that are not awarded credentials: what an OB 2.0 assertion links to (its
 * BadgeClass, the Issuer profile, the key that signs, the revocation list, criteria, endorsements of a
 * badge class…) and the OB 3.0 nodes that are not credentials (an Achievement, a Profile). Given to a
 * verifier they are named for what they are, never judged as a malformed OB 3.0 credential.
 */
const NOT_CREDENTIAL_KINDS = [
  'BadgeClass',
  'Issuer',
  'Profile',
  'CryptographicKey',
  'RevocationList',
  'Criteria',
  'Endorsement',
  'Achievement',
  'AlignmentObject',
  'Image',
  'Evidence',
  'Extension',
] as const;

const OB2_NAMESPACE = 'https://w3id.org/openbadges#';

/** The kind of document `doc` is when it is not a credential (nor an OB 2.0 assertion); undefined for anything that claims to be a credential. */
export function notACredentialKind(doc: JsonObject): string | undefined {
  const types = typesOf(doc);
  if (types.includes('VerifiableCredential') || types.includes('Assertion') || 'credentialSubject' in doc || 'vc' in doc) return undefined;
  const known = types.find((t) => (NOT_CREDENTIAL_KINDS as readonly string[]).includes(t));
  if (known) return known;
  // An OB 2.0 document of another type (an extension class, a typo): still not something that was awarded.
  // (An OB 2.0 context by URL, or inline as 1EdTech's examples write it: `obi` or `@vocab` naming the OB namespace.)
  const ob2 = asArray(doc['@context']).some((c) => c === OB2_CONTEXT || c === `${OB2_CONTEXT}/` || (isObject(c) && (c.obi === OB2_NAMESPACE || c['@vocab'] === OB2_NAMESPACE)));
  if (ob2) return types[0] ?? 'Open Badges 2.0 document without a type';
  return undefined;
}

/** The format check for such a document. */
export function notACredentialCheck(kind: string): Check {
  return fail('format', 'format-not-a-credential', `not a credential: this is a ${kind}, not an awarded badge (give the assertion or credential that awards it)`, { kind });
}
