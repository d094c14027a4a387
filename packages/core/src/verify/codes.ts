/**
 * Stable, machine-readable reason codes of verification checks, each with the names of the params it
 * always carries (all strings). A UI renders its own message from `code` + `params` and never parses
 * the English `reason`. Codes are never renamed or reused; new ones may be added. Documented, one by
 * one, in docs/verification-codes.md.
 *
 * Besides the checks this library runs, the list holds the codes of the `source`, `hosted` (OB 2.0
 * hosted verification) and recipient checks a universal verifier adds around it, so that every host
 * and UI shares one vocabulary.
 */
export const VERIFICATION_CODE_PARAMS = {
  // format
  'format-ob3-ldp': [],
  'format-vc-jwt': [],
  'format-ob2-jws': [],
  'format-ob2-hosted': [],
  'format-not-jws': [],
  'format-no-context': [],
  'format-ob2-hosted-object': [],
  'format-ob2-signed-object': [],
  'format-unrecognised': [],
  'verification-error': ['detail'],
  // schema
  'schema-valid': [],
  'schema-invalid': [],
  'badge-class-unavailable': ['detail'],
  'badge-class-id-mismatch': ['url'],
  'issuer-unavailable': ['detail'],
  'issuer-id-mismatch': ['url'],
  // proof
  'proof-valid': ['method'],
  'proof-missing': [],
  'proof-malformed': [],
  'proof-duplicated': [],
  'proof-unsupported': ['found'],
  'proof-verification-method-invalid': ['value'],
  'proof-purpose-invalid': ['purpose'],
  'proof-no-creator': [],
  'proof-invalid-signature': ['detail'],
  'alg-not-accepted': ['alg'],
  'key-unresolved': ['key', 'detail'],
  // issuer-key
  'key-controlled-by-issuer': ['key', 'issuer'],
  'key-not-authorized-by-issuer': ['key', 'issuer'],
  'key-not-controlled-by-issuer': ['key', 'controller', 'issuer'],
  'key-not-listed-by-issuer': ['key'],
  'key-embedded-in-header': [],
  'key-revoked': [],
  'key-retired': ['date'],
  'key-not-checked': [],
  'issuer-missing': [],
  // jwt-claims
  'jwt-claims-match': [],
  'jwt-claims-mismatch': ['claims'],
  // validity
  'valid-no-expiry': [],
  'valid-until': ['date'],
  'not-yet-valid': ['date'],
  expired: ['date'],
  'validity-date-invalid': ['field', 'value'],
  'validity-window-inverted': [],
  // status
  'status-none': [],
  'status-no-list': [],
  'status-not-checked': [],
  'status-not-revoked': [],
  'status-not-suspended': [],
  'status-not-flagged': ['purpose'],
  'status-flagged': ['purpose'],
  'status-active': [],
  'status-revoked': [],
  'status-revoked-with-reason': ['reason'],
  'status-revoked-gone': ['url'],
  'status-suspended': [],
  'status-unavailable': ['detail'],
  'status-list-invalid': ['url'],
  'status-list-wrong-issuer': ['url', 'issuer'],
  'status-entry-invalid': [],
  'status-method-unsupported': ['method'],
  'status-no-credential-id': [],
  // source (universal verifier: reading the input, following links)
  'source-empty': [],
  'source-unrecognised': [],
  'source-not-object': [],
  'source-json-invalid': ['detail'],
  'source-not-text': [],
  'source-unavailable': ['url', 'detail'],
  'source-not-json': ['url'],
  'source-too-many-links': ['max'],
  'source-timeout': ['seconds'],
  'image-unreadable': ['image', 'detail'],
  'image-no-badge': ['image'],
  'source-pdf-unreadable': ['detail'],
  'source-pdf-encrypted': [],
  'source-pdf-too-complex': ['detail'],
  'source-pdf-file-too-large': ['name', 'max'],
  'source-pdf-no-credential': [],
  'source-html-no-credential': [],
  // hosted (OB 2.0 hosted verification)
  'hosted-valid': ['url'],
  'hosted-not-hosted-type': ['type'],
  'hosted-no-http-id': [],
  'hosted-unavailable': ['url', 'detail'],
  'hosted-differs': ['url'],
  'hosted-origin-not-allowed': ['host'],
  'hosted-prefix-not-allowed': [],
  'hosted-issuer-no-http-id': [],
  'hosted-wrong-host': ['host', 'issuerHost'],
  // recipient
  'recipient-matches': ['recipient'],
  'recipient-matches-hashed': ['recipient'],
  'recipient-not-matching': ['recipient'],
  'recipient-no-badge': [],
  'recipient-no-identity': [],
  // proof (Data Integrity proof sets, chains and suites)
  'proof-id-duplicated': ['id'],
  'proof-chain-broken': ['id'],
  'proof-set-too-large': ['max'],
  'proof-expired': ['date'],
  'proof-key-mismatch': ['key', 'suite'],
  // schema (VC Data Model 2.0 §5.3)
  'related-resource-digest-mismatch': ['url'],
  // status: a several-bit `message` entry (Bitstring Status List statusSize / statusMessage)
  'status-message': ['purpose', 'status', 'message'],
  // format: a document that is not an awarded credential (an OB 2.0 BadgeClass, Issuer, key, revocation list…)
  'format-not-a-credential': ['kind'],
  // JWT shapes (format, jwt-claims) and SD-JWT VC (proof: signature + disclosures + key binding)
  'format-vc-jwt-v1': [],
  'format-vc-jose-cose': [],
  'format-sd-jwt-vc': [],
  'format-vp-jwt': [],
  'format-sd-jwt-malformed': ['detail'],
  'jwt-claim-missing': ['claims'],
  'sd-jwt-valid': ['method', 'disclosures', 'keyBinding'],
  'sd-alg-unsupported': ['alg'],
  'sd-disclosure-malformed': ['index'],
  'sd-disclosure-unreferenced': ['index'],
  'sd-digest-duplicated': ['digest'],
  'sd-disclosure-claim-invalid': ['name'],
  'kb-jwt-missing': [],
  'kb-jwt-invalid': ['detail'],
  'issuer-metadata-invalid': ['url', 'detail'],
  'sd-jwt-status-unsupported': [],
  // presentations (verifyPresentation): format, proof, holder-key, challenge, domain, credentials, holder
  'format-vp-ldp': [],
  'enveloped-invalid': ['detail'],
  'presentation-unsigned': [],
  'key-authenticates-holder': ['key', 'holder'],
  'key-not-authentication-of-holder': ['key', 'holder'],
  'holder-unavailable': ['holder', 'detail'],
  'holder-not-checked': [],
  'challenge-matches': [],
  'challenge-mismatch': [],
  'domain-matches': [],
  'domain-mismatch': [],
  'credentials-verified': ['count'],
  'credential-not-verified': ['index'],
  'subject-not-holder': ['index'],
  'self-asserted-holder-mismatch': ['index'],
  'proof-by-presentation': ['holder'],
  'key-authenticates-holder-claim': ['holder'],
} as const satisfies Record<string, readonly string[]>;

export type VerificationCode = keyof typeof VERIFICATION_CODE_PARAMS;

/** Every reason code, in the order they are documented. */
export const VERIFICATION_CODES = Object.keys(VERIFICATION_CODE_PARAMS) as VerificationCode[];

/** The params a code carries: exactly its declared names, as strings. */
export type VerificationCodeParams<C extends VerificationCode> = Record<(typeof VERIFICATION_CODE_PARAMS)[C][number], string>;

/** The rest argument of helpers taking a code: nothing for a code without params, else its params. */
export type ParamsArg<C extends VerificationCode> = (typeof VERIFICATION_CODE_PARAMS)[C] extends readonly [] ? [] : [params: VerificationCodeParams<C>];

/** Why a check passed or failed: the stable code, its params, and the English sentence. */
export interface CheckReason {
  code: VerificationCode;
  /** Values for the code's message (URLs, dates, algorithm names…), present when the code declares any. */
  params?: Record<string, string> | undefined;
  /** Human-readable, English. */
  reason: string;
}

/** A reason with its code; the params are type-checked against the code's declared names. */
export function checkReason<C extends VerificationCode>(code: C, reason: string, ...params: ParamsArg<C>): CheckReason {
  const [values] = params as [Record<string, string>?];
  return values && Object.keys(values).length > 0 ? { code, params: { ...values }, reason } : { code, reason };
}

export function isVerificationCode(value: unknown): value is VerificationCode {
  return typeof value === 'string' && Object.hasOwn(VERIFICATION_CODE_PARAMS, value);
}
