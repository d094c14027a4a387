import { Type } from 'typebox';
import { Problem } from '../../schemas/common.js';
import { CheckReasonFields } from '../verify/verify.schema.js';

/** Request and response schemas of the W3C VC-API routes (the responses are allow-lists). */
export const AnyObject = Type.Object({}, { additionalProperties: true });
const ProblemDetail = Type.Object(
  {
    type: Type.String({ description: 'VC DM 2.0 / Data Integrity error URL where one fits, else https://laurel.dev/verification-codes#<code>' }),
    title: Type.String(),
    detail: Type.String(),
    code: Type.String({ description: 'The reason code (docs/verification-codes.md)' }),
    path: Type.String({ description: 'JSON pointer of the document concerned in the request' }),
    message: Type.String({ description: 'Same as detail (kept for earlier clients)' }),
  },
  { description: 'A VC-API problem detail' },
);
const ResultCheck = Type.Object({ name: Type.String(), ok: Type.Boolean(), ...CheckReasonFields });
const VerifyFields = {
  verified: Type.Boolean(),
  format: Type.String(),
  checks: Type.Array(Type.String({ description: 'names of the checks that passed' })),
  results: Type.Array(ResultCheck, { description: 'every check, with its reason code' }),
  warnings: Type.Array(ProblemDetail),
  errors: Type.Array(ProblemDetail, { description: 'one entry per failed check' }),
};
export const VerifyResponse = Type.Object(VerifyFields);
export const VerifyPresentationResponse = Type.Object({
  ...VerifyFields,
  credentials: Type.Array(Type.Object(VerifyFields), { description: 'each embedded credential, in order (enveloped ones unwrapped)' }),
  holder: Type.Optional(Type.String({ description: 'present only when the proof is by a key the holder lists under authentication' })),
  verifiablePresentation: Type.Optional(AnyObject),
});

/** A failed verification: a problem document that also carries the verification result. */
const ProblemFields = { ...Problem.properties, errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String(), in: Type.Optional(Type.String()), type: Type.Optional(Type.String()), title: Type.Optional(Type.String()), detail: Type.Optional(Type.String()), code: Type.Optional(Type.String()) }))) };
export const VerifyFailure = Type.Object({ ...Type.Partial(VerifyResponse).properties, ...ProblemFields });
export const VerifyPresentationFailure = Type.Object({ ...Type.Partial(VerifyPresentationResponse).properties, ...ProblemFields });
const StatusRequest = Type.Object({ type: Type.String({ maxLength: 100 }), statusPurpose: Type.String({ maxLength: 100 }) }, { additionalProperties: false });
/** VC-API status requests: `[{type: 'BitstringStatusListEntry', statusPurpose}]`, or one such object. */
export const StatusRequests = Type.Union([StatusRequest, Type.Array(StatusRequest, { maxItems: 4 })]);

export const IssueOptions = Type.Object(
  {
    issuerId: Type.Optional(Type.String({ description: 'Laurel: the issuer to sign with, instead of naming its DID in credential.issuer' })),
    created: Type.Optional(Type.String({ maxLength: 64, description: "the proof's created (dateTimeStamp, not in the future)" })),
    credentialId: Type.Optional(Type.String({ maxLength: 2000, description: "the credential's id when it has none (a URL)" })),
    mandatoryPointers: Type.Optional(Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 100, description: 'selective disclosure: refused unless empty' })),
    challenge: Type.Optional(Type.String({ maxLength: 1000, description: 'refused at issuance (binds presentations)' })),
    domain: Type.Optional(Type.String({ maxLength: 1000, description: 'refused at issuance (binds presentations)' })),
    credentialStatus: Type.Optional(
      Type.Union([StatusRequest, Type.Array(StatusRequest, { maxItems: 4 })], { description: "BitstringStatusList entries to add: [{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' | 'suspension' }] (one object accepted too)" }),
    ),
  },
  { additionalProperties: true, description: 'VC-API IssueCredentialOptions; an option Laurel does not support is refused with a 400 naming it' },
);
export const VerifyPresentationOptions = Type.Object(
  {
    challenge: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'every proof must carry it (so a proof is required)' })),
    domain: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'every proof must name it (so a proof is required)' })),
    returnPresentation: Type.Optional(Type.Boolean({ description: 'echo the presentation in the result' })),
  },
  { additionalProperties: true, description: 'VC-API verify options; others (e.g. checks) are accepted and ignored' },
);

