export { hashIdentity, normaliseIdentity, identityMatches, newSalt } from './hash-identity.js';
