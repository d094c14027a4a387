export type { Ob3Links } from './links.js';
export type { BitstringStatusListEntry, OpenBadgeCredential } from './types.js';
export {
  ACHIEVEMENT_TYPE_BY_KIND,
  IDENTITY_TYPE_BY_RECIPIENT,
  OB3_ACHIEVEMENT_CREDENTIAL_SCHEMA,
  buildOpenBadgeCredential,
  type BuildOpenBadgeCredentialInput,
} from './build-credential.js';
export { OB3_ENDORSEMENT_CREDENTIAL_SCHEMA, buildEndorsementCredential, type BuildEndorsementCredentialInput } from './build-endorsement.js';
