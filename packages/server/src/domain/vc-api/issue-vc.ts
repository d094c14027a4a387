import { SigningError, VC_V2_CONTEXT, credentialStructureProblems, type JsonObject } from '@laurel/core';
import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError } from '../shared/errors.js';

export interface IssueVcInput {
  actor: Actor;
  credential: JsonObject;
  options?: { issuerId?: string | undefined } | undefined;
}

/**
 * W3C VC-API issue: sign a caller-supplied credential (VC Data Model 2.0) with one of the
 * organisation's issuers, named by its did:web in `credential.issuer` (or `options.issuerId`).
 * The whole document is checked first; undefined JSON-LD terms are refused, never dropped.
 */
export async function issueVc(
  deps: Pick<Deps, 'store' | 'signingKeys' | 'proofs' | 'documentLoader' | 'urls' | 'clock' | 'ids'>,
  input: IssueVcInput,
): Promise<JsonObject> {
  const { principal } = input.actor;
  requirePermission(principal, 'credentials:issue');
  const credential = structuredClone(input.credential);
  if ('proof' in credential) throw invalid('/credential/proof', 'send the credential without a proof');
  const named = typeof credential.issuer === 'string' ? credential.issuer : (credential.issuer as JsonObject | undefined)?.id;
  const issuerId = input.options?.issuerId ?? (typeof named === 'string' && named.startsWith(deps.urls.didWeb('')) ? named.slice(deps.urls.didWeb('').length) : undefined);
  const issuer = issuerId ? await deps.store.issuers.findById(principal.orgId, issuerId) : undefined;
  if (!issuer) throw invalid('/credential/issuer', `issuer must be the did:web of one of your issuers (${deps.urls.didWeb('<issuer id>')})`);
  const did = deps.urls.didWeb(issuer.id);
  if (named !== undefined && named !== did) throw invalid('/credential/issuer', `the issuer id must be ${did}`);
  credential.issuer = typeof credential.issuer === 'object' && credential.issuer !== null ? { ...(credential.issuer as JsonObject), id: did } : did;

  const contexts = Array.isArray(credential['@context']) ? credential['@context'] : [credential['@context']];
  if (contexts[0] !== VC_V2_CONTEXT) throw invalid('/credential/@context', `the first @context must be ${VC_V2_CONTEXT}`);
  const problems = credentialStructureProblems(credential, []);
  if (problems.length > 0) throw new AppError('validation', 'the credential does not conform to the VC Data Model 2.0', { fields: problems.map((message) => ({ path: '/credential', message })) });

  const identity = await deps.signingKeys.forIssuer(issuer.id);
  try {
    const signed = await deps.proofs.sign('eddsa-rdfc-2022', credential, { keys: identity.keys, documentLoader: deps.documentLoader, now: () => deps.clock.now() });
    if (signed.kind !== 'embedded') throw new Error('unexpected proof form');
    await deps.store.audit.record(
      auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'vc-api.issue', { type: 'issuer', id: issuer.id }, { credentialId: typeof credential.id === 'string' ? credential.id : null }),
    );
    return signed.document;
  } catch (error) {
    if (error instanceof SigningError) throw new AppError('validation', error.message, { cause: error, fields: [{ path: '/credential', message: error.message }] });
    throw error;
  }
}

const invalid = (path: string, message: string) => new AppError('validation', message, { fields: [{ path, message }] });
