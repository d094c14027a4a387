import type { JsonObject } from '../contexts/bundled.js';
import { relatedResourceFindings } from './related-resources.js';
import { fail, pass, type Check } from './report.js';
import { credentialStructureProblems } from './structure.js';

/**
 * The `schema` check of a VC / OB 3.0 credential: every data-model problem in `reason`, with the most
 * telling code (a related resource whose digest does not match what Laurel bundles, else
 * `schema-invalid`).
 */
export function schemaCheck(credential: JsonObject, expectedTypes: readonly string[]): Check {
  const problems = credentialStructureProblems(credential, expectedTypes);
  if (problems.length === 0) return pass('schema', 'schema-valid', 'conforms to the VC data model and OB 3.0 node types');
  const [mismatched] = relatedResourceFindings(credential).mismatched;
  if (mismatched !== undefined) return fail('schema', 'related-resource-digest-mismatch', problems.join('; '), { url: mismatched });
  return fail('schema', 'schema-invalid', problems.join('; '));
}
