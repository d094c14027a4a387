import { SigningError, VC_V2_CONTEXT, credentialStructureProblems, type JsonObject } from '@laurel/core';
import { issueOptions, type IssueVcOptions } from './issue-options.js';
import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError } from '../shared/errors.js';
import type { Issuer } from '../issuers/ports.js';
import { currentIssuerDid } from '../keys/issuer-identity.js';

export interface IssueVcInput {
  actor: Actor;
  credential: JsonObject;
  options?: IssueVcOptions | undefined;
}

/**
 * W3C VC-API issue: sign a caller-supplied credential (VC Data Model 2.0) with one of the
 * organisation's issuers, named by its DID in `credential.issuer` (or by `options.issuerId`).
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
  const { created } = issueOptions(input.options ?? {}, credential, deps.clock.now());
  const named = typeof credential.issuer === 'string' ? credential.issuer : (credential.issuer as JsonObject | undefined)?.id;
  const issuer = await namedIssuer(deps, principal.orgId, typeof named === 'string' ? named : undefined, input.options?.issuerId);
  if (!issuer) throw invalid('/credential/issuer', `issuer must be the DID of one of your issuers (${deps.urls.didWeb('<issuer id>')}, or the did:key of a did:key issuer's active key), or pass options.issuerId`);
  const did = await currentIssuerDid(deps, issuer);
  if (named !== undefined && named !== did) throw invalid('/credential/issuer', `the issuer id must be ${did}`);
  credential.issuer = typeof credential.issuer === 'object' && credential.issuer !== null ? { ...(credential.issuer as JsonObject), id: did } : did;

  const contexts = Array.isArray(credential['@context']) ? credential['@context'] : [credential['@context']];
  if (contexts[0] !== VC_V2_CONTEXT) throw invalid('/credential/@context', `the first @context must be ${VC_V2_CONTEXT}`);
  const problems = credentialStructureProblems(credential, []);
  if (problems.length > 0) throw new AppError('validation', 'the credential does not conform to the VC Data Model 2.0', { fields: problems.map((message) => ({ path: '/credential', message })) });

  const identity = await deps.signingKeys.forIssuer(issuer);
  try {
    const signed = await deps.proofs.sign('eddsa-rdfc-2022', credential, { keys: identity.keys, documentLoader: deps.documentLoader, now: () => created ?? deps.clock.now() });
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

/** The organisation's issuer a VC-API request names: by id, by its did:web, or by its current did:key. */
async function namedIssuer(deps: Pick<Deps, 'store' | 'urls'>, orgId: string, did: string | undefined, issuerId: string | undefined): Promise<Issuer | undefined> {
  const prefix = deps.urls.didWeb('');
  if (issuerId) return deps.store.issuers.findById(orgId, issuerId);
  if (did?.startsWith(prefix)) return deps.store.issuers.findById(orgId, did.slice(prefix.length));
  if (!did?.startsWith('did:key:')) return undefined;
  for (let cursor: string | undefined, first = true; first || cursor; first = false) {
    const page = await deps.store.issuers.list(orgId, { limit: 100, cursor, sort: 'createdAt' });
    for (const issuer of page.items) if (issuer.identity === 'did:key' && (await currentIssuerDid(deps, issuer)) === did) return issuer;
    cursor = page.nextCursor ?? undefined;
  }
  return undefined;
}

const invalid = (path: string, message: string) => new AppError('validation', message, { fields: [{ path, message }] });
