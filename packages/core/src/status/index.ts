export { StatusListError, type StatusListErrorCode } from './errors.js';
export { MIN_STATUS_LIST_BITS, createBitstring, decodeBitstring, encodeBitstring, getBit, withBit } from './bitstring.js';
export {
  buildBitstringStatusListEntry,
  buildStatusListCredential,
  type BuildStatusListCredentialInput,
  type StatusListPurpose,
  type StatusPurpose,
} from './status-list-credential.js';
export {
  LIST_ENTRY_TYPES,
  REVOCATION_LIST_TYPE,
  parseListEntry,
  read1EdTechRevocationList,
  readStatusBit,
  readStatusEntryValue,
  type RevocationFinding,
  type StatusEntryRef,
} from './read-status.js';
export { buildOb2RevocationList, readOb2RevocationList, type Ob2RevokedAssertion } from './ob2-revocation-list.js';
export {
  REVOCATION_SUSPENSION_MESSAGES,
  REVOCATION_SUSPENSION_STATUS_SIZE,
  buildStatusMessageEntry,
  combineRevocationAndSuspension,
  readStatusValue,
} from './status-message.js';
