import { VERIFICATION_CODES, type CheckReason } from '@laurel/core';
import { Type, type Static } from 'typebox';
import type { VerifyAnyReport } from '../../../../domain/verification/ports.js';
import { StringEnum } from '../../schemas/common.js';

const CHECK_NAMES = ['format', 'schema', 'proof', 'issuer-key', 'jwt-claims', 'validity', 'status', 'source', 'hosted'] as const;

/** A check's stable reason code and its params (docs/verification-codes.md), then the English reason. */
export const CheckReasonFields = {
  code: StringEnum(VERIFICATION_CODES, { description: 'Stable reason code: program and translate against it, never against `reason` (see docs/verification-codes.md)' }),
  params: Type.Optional(Type.Record(Type.String(), Type.String(), { description: "Values for the code's message: URLs, dates, algorithm names…" })),
  reason: Type.String({ description: 'Why, in English' }),
};

/** The allow-listed reason fields of a check or finding. */
export function reasonFields(why: CheckReason): CheckReason {
  return { code: why.code, ...(why.params ? { params: { ...why.params } } : {}), reason: why.reason };
}

export const VerifyQuery = Type.Object(
  {
    recipient: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'An email address, URL or DID to check the badge was awarded to' })),
    channel: Type.Optional(
      Type.Union([Type.Literal('api'), Type.Literal('page')], { description: "Where the verification comes from, for the analytics' verifications per channel: `page` from Laurel's verify page, `api` (the default) otherwise" }),
    ),
  },
  { additionalProperties: false },
);

/** JSON bodies: the credential or assertion itself, `{url, recipient?}`, `{credential, recipient?}`, or a JWS as a JSON string. */
export const VerifyJsonBody = Type.Union([Type.Object({}, { additionalProperties: true, maxProperties: 500 }), Type.String({ minLength: 1 })], {
  description: 'The credential or assertion itself; or {url, recipient?}; or {credential, recipient?} where credential is an object or a compact JWS / JWT',
});

/** The report: an allow-list of its fields (the credential is the badge as read from the input). */
export const VerifyReportView = Type.Object({
  valid: Type.Boolean({ description: 'Every check passed' }),
  format: StringEnum(['ob3-ldp', 'vc-jwt', 'ob2-jws', 'ob2-hosted', 'unknown', 'vc-jwt-v1', 'vc-jose-cose', 'sd-jwt-vc'] as const),
  input: Type.Object({
    kind: StringEnum(['image', 'pdf', 'url', 'json', 'jws'] as const, { description: 'How the badge arrived' }),
    image: Type.Optional(StringEnum(['png', 'svg'] as const)),
    attachment: Type.Optional(Type.String({ maxLength: 201, description: 'The badge was read from this file embedded in a PDF (the input, or the document at `url`)' })),
    url: Type.Optional(Type.String({ description: 'The first link followed' })),
  }),
  checks: Type.Array(Type.Object({ name: StringEnum(CHECK_NAMES), ok: Type.Boolean(), ...CheckReasonFields })),
  recipient: Type.Optional(
    Type.Object({
      checked: Type.Boolean({ description: 'False when the badge names no identity to compare with' }),
      matches: Type.Boolean(),
      ...CheckReasonFields,
    }),
  ),
  credential: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'The credential or assertion as read (a JWT payload decoded)' })),
  issuer: Type.Optional(
    Type.Object(
      { id: Type.String({ description: 'The DID or URL the signature (or hosting) was bound to' }), name: Type.Optional(Type.String({ description: 'The name the issuer’s own document gives' })) },
      { description: 'Present only when the badge was bound to its issuer: show this rather than names inside `credential`, which whoever presents the badge chose' },
    ),
  ),
  superseded: Type.Optional(
    Type.Object(
      { by: Type.String({ description: 'The OB 3.0 URL of the credential that replaced it' }), page: Type.String({ description: 'Its public page' }) },
      { description: "A credential of this server's that a renewal replaced: still validly signed (not revoked), but no longer the current one" },
    ),
  ),
});
export type VerifyReportViewT = Static<typeof VerifyReportView>;

export function toVerifyReportView(report: VerifyAnyReport, superseded?: { by: string; page: string }): VerifyReportViewT {
  return {
    valid: report.valid,
    format: report.format,
    input: { kind: report.input.kind, ...(report.input.image ? { image: report.input.image } : {}), ...(report.input.attachment ? { attachment: report.input.attachment } : {}), ...(report.input.url ? { url: report.input.url } : {}) },
    checks: report.checks.map((c) => ({ name: c.name, ok: c.ok, ...reasonFields(c) })),
    ...(report.recipient ? { recipient: { checked: report.recipient.checked, matches: report.recipient.matches, ...reasonFields(report.recipient) } } : {}),
    ...(report.credential ? { credential: report.credential } : {}),
    ...(report.issuer ? { issuer: { id: report.issuer.id, ...(report.issuer.name !== undefined ? { name: report.issuer.name } : {}) } } : {}),
    ...(superseded ? { superseded } : {}),
  };
}
