import { Type, type Static } from 'typebox';
import type { VerifyAnyReport } from '../../../../domain/verification/ports.js';
import { StringEnum } from '../../schemas/common.js';

const CHECK_NAMES = ['format', 'schema', 'proof', 'issuer-key', 'jwt-claims', 'validity', 'status', 'source', 'hosted'] as const;

export const VerifyQuery = Type.Object(
  { recipient: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'An email address, URL or DID to check the badge was awarded to' })) },
  { additionalProperties: false },
);

/** JSON bodies: the credential or assertion itself, `{url, recipient?}`, `{credential, recipient?}`, or a JWS as a JSON string. */
export const VerifyJsonBody = Type.Union([Type.Object({}, { additionalProperties: true, maxProperties: 500 }), Type.String({ minLength: 1 })], {
  description: 'The credential or assertion itself; or {url, recipient?}; or {credential, recipient?} where credential is an object or a compact JWS / JWT',
});

/** The report: an allow-list of its fields (the credential is the badge as read from the input). */
export const VerifyReportView = Type.Object({
  valid: Type.Boolean({ description: 'Every check passed' }),
  format: StringEnum(['ob3-ldp', 'vc-jwt', 'ob2-jws', 'ob2-hosted', 'unknown'] as const),
  input: Type.Object({
    kind: StringEnum(['image', 'url', 'json', 'jws'] as const, { description: 'How the badge arrived' }),
    image: Type.Optional(StringEnum(['png', 'svg'] as const)),
    url: Type.Optional(Type.String({ description: 'The first link followed' })),
  }),
  checks: Type.Array(Type.Object({ name: StringEnum(CHECK_NAMES), ok: Type.Boolean(), reason: Type.String() })),
  recipient: Type.Optional(
    Type.Object({
      checked: Type.Boolean({ description: 'False when the badge names no identity to compare with' }),
      matches: Type.Boolean(),
      reason: Type.String(),
    }),
  ),
  credential: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'The credential or assertion as read (a JWT payload decoded)' })),
});
export type VerifyReportViewT = Static<typeof VerifyReportView>;

export function toVerifyReportView(report: VerifyAnyReport): VerifyReportViewT {
  return {
    valid: report.valid,
    format: report.format,
    input: { kind: report.input.kind, ...(report.input.image ? { image: report.input.image } : {}), ...(report.input.url ? { url: report.input.url } : {}) },
    checks: report.checks.map((c) => ({ name: c.name, ok: c.ok, reason: c.reason })),
    ...(report.recipient ? { recipient: { checked: report.recipient.checked, matches: report.recipient.matches, reason: report.recipient.reason } } : {}),
    ...(report.credential ? { credential: report.credential } : {}),
  };
}
