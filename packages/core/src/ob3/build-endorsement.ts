import { OB3_CREDENTIAL_CONTEXTS } from '../contexts/urls.js';
import type { JsonObject } from '../contexts/bundled.js';
import type { IssuerProfile } from '../model.js';
import { buildIssuerProfile } from './build-credential.js';

export const OB3_ENDORSEMENT_CREDENTIAL_SCHEMA =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json';

export interface BuildEndorsementCredentialInput {
  /** Where the signed credential is published (its `id`). */
  id: string;
  /** The endorser and the DID (or URL) it signs as. */
  endorser: IssuerProfile;
  endorserId: string;
  /** The endorsed achievement's or profile's id (a URL). */
  subjectId: string;
  /** A short name of what is endorsed, for the credential's `name`. */
  subjectName: string;
  comment: string;
  validFrom: string;
}

/**
 * An unsigned OB 3.0 EndorsementCredential: one endorser's written claim (`endorsementComment`)
 * about an achievement or an issuer profile, identified by its URL in `credentialSubject.id`.
 */
export function buildEndorsementCredential(input: BuildEndorsementCredentialInput): JsonObject {
  return {
    '@context': [...OB3_CREDENTIAL_CONTEXTS],
    id: input.id,
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: `${input.endorser.name} endorses ${input.subjectName}`,
    issuer: buildIssuerProfile(input.endorser, { issuer: input.endorserId }),
    validFrom: input.validFrom,
    credentialSubject: { id: input.subjectId, type: ['EndorsementSubject'], endorsementComment: input.comment },
    credentialSchema: [{ id: OB3_ENDORSEMENT_CREDENTIAL_SCHEMA, type: '1EdTechJsonSchemaValidator2019' }],
  };
}
