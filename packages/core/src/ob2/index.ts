export { OB2_CONTEXT, type Ob2Links } from './links.js';
export {
  buildOb2Assertion,
  buildOb2BadgeClass,
  buildOb2Issuer,
  buildOb2RevokedAssertion,
  type JsonDocument,
  type Ob2Verification,
} from './documents.js';
export { validateOb2Document, type Ob2Problem, type ValidateOb2Options } from './validate.js';
