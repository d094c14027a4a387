import { LIST_ENTRY_TYPES, SigningError, StatusListError, credentialStructureProblems, parseListEntry, type JsonObject } from '@laurel/core';
import { issueOptions, type IssueVcOptions } from './issue-options.js';
import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError } from '../shared/errors.js';
import type { Issuer } from '../issuers/ports.js';
import { currentIssuerDid } from '../keys/issuer-identity.js';
import { prepareVc11, vcVersionOf } from './vc-version.js';
import { ensureVcStatusLists, parseRequestedStatus, pickVcStatusIndex, vcStatusEntries, type RequestedStatus } from './vc-status.js';

export interface IssueVcInput {
  actor: Actor;
  credential: JsonObject;
  options?: (IssueVcOptions & { credentialStatus?: unknown }) | undefined;
}

type IssueVcDeps = Pick<Deps, 'store' | 'signingKeys' | 'proofs' | 'documentLoader' | 'urls' | 'clock' | 'ids' | 'random'>;

/**
 * W3C VC-API issue: sign a caller-supplied credential (VC Data Model 2.0, or 1.1) with one of the
 * organisation's issuers, named by its DID in `credential.issuer` (or by `options.issuerId`).
 * The whole document is checked first; undefined JSON-LD terms are refused, never dropped.
 * `options.credentialStatus` (or, when the request names none, the issuer's `vcApiStatusPurposes`) adds
 * BitstringStatusList entries (revocation and/or suspension) on the issuer's VC-API lists; the entry is recorded with the credential's `id` (one is given when the
 * credential has none) so that `POST /vc/credentials/status` can change it.
 */
export async function issueVc(deps: IssueVcDeps, input: IssueVcInput): Promise<JsonObject> {
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

  const version = vcVersionOf(credential);
  if (version === 'v1') prepareVc11(credential, deps.clock.now());
  const problems = [...credentialStructureProblems(credential, []), ...listEntryProblems(credential)];
  if (problems.length > 0) {
    const model = version === 'v1' ? 'VC Data Model 1.1' : 'VC Data Model 2.0';
    throw new AppError('validation', `the credential does not conform to the ${model}`, { fields: problems.map((message) => ({ path: '/credential', message })) });
  }

  const requested = requestedStatus(input.options?.credentialStatus, credential, issuer);
  const identity = await deps.signingKeys.forIssuer(issuer);
  const sign = async (document: JsonObject): Promise<JsonObject> => {
    const signed = await deps.proofs.sign('eddsa-rdfc-2022', document, { keys: identity.keys, documentLoader: deps.documentLoader, now: () => created ?? deps.clock.now() });
    if (signed.kind !== 'embedded') throw new Error('unexpected proof form');
    return singleProof(signed.document);
  };
  try {
    if (requested && requested.purposes.length > 0) return await issueWithStatus(deps, { input, issuer, credential, requested, keyId: identity.statusListKey, sign });
    const signed = await sign(credential);
    await deps.store.audit.record(
      auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'vc-api.issue', { type: 'issuer', id: issuer.id }, { credentialId: typeof credential.id === 'string' ? credential.id : null }),
    );
    return signed;
  } catch (error) {
    if (error instanceof SigningError) throw new AppError('validation', error.message, { cause: error, fields: [{ path: '/credential', message: error.message }] });
    throw error;
  }
}

/**
 * Signs the credential with status entries at a fresh index of the issuer's VC-API lists. The entry
 * row, the signature and the audit entry form one transaction: a credential that could not be signed
 * leaves no entry behind, and a clash on the index (a concurrent issue) is drawn again.
 */
async function issueWithStatus(
  deps: IssueVcDeps,
  args: { input: IssueVcInput; issuer: Issuer; credential: JsonObject; requested: RequestedStatus; keyId: string | undefined; sign: (doc: JsonObject) => Promise<JsonObject> },
): Promise<JsonObject> {
  const { input, issuer, requested } = args;
  const orgId = input.actor.principal.orgId;
  if (args.credential.credentialStatus !== undefined) throw invalid('/credential/credentialStatus', 'send either credential.credentialStatus or options.credentialStatus, not both');
  const credentialId = typeof args.credential.id === 'string' ? args.credential.id : `urn:uuid:${deps.ids.id()}`;
  if (await deps.store.vcStatus.findEntry(orgId, credentialId)) throw duplicate(credentialId);
  await deps.store.transaction((tx) => ensureVcStatusLists(deps, tx, orgId, issuer.id));
  for (let attempt = 0; ; attempt++) {
    const index = await pickVcStatusIndex(deps, issuer.id);
    const credential: JsonObject = { ...args.credential, id: credentialId, credentialStatus: vcStatusEntries(deps, issuer.id, args.keyId, index, requested) };
    try {
      return await deps.store.transaction(async (tx) => {
        const now = deps.clock.now();
        await tx.vcStatus.insertEntry({ id: deps.ids.id(), orgId, issuerId: issuer.id, credentialId, index, purposes: requested.purposes, createdAt: now.toISOString() });
        const signed = await args.sign(credential);
        await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'vc-api.issue', { type: 'issuer', id: issuer.id }, { credentialId, statusIndex: index, statusPurposes: requested.purposes.join(',') }));
        return signed;
      });
    } catch (error) {
      if (error instanceof SigningError || error instanceof AppError) throw error;
      if (await deps.store.vcStatus.findEntry(orgId, credentialId)) throw duplicate(credentialId);
      if (attempt >= 3 || !(await deps.store.vcStatus.isIndexTaken(issuer.id, index))) throw error;
    }
  }
}

/**
 * The status entries to add: those `options.credentialStatus` names (`[]` for none); else, when the
 * credential brings no `credentialStatus` of its own, those the issuer is configured to add to every
 * VC-API credential (`vcApiStatusPurposes`; one object when there is one purpose).
 */
function requestedStatus(option: unknown, credential: JsonObject, issuer: Issuer): RequestedStatus | undefined {
  if (option !== undefined) return parseRequestedStatus(option, '/options/credentialStatus');
  if (credential.credentialStatus !== undefined || issuer.vcApiStatusPurposes.length === 0) return undefined;
  return { purposes: [...issuer.vcApiStatusPurposes], single: issuer.vcApiStatusPurposes.length === 1 };
}

/**
 * Caller-supplied status-list entries the verifier could not read are refused before signing (Bitstring
 * Status List § 3: a malformed value is a MALFORMED_VALUE_ERROR): the index a base-10 string, the purpose
 * a string, the list a URL, a size with a message for each value.
 */
function listEntryProblems(credential: JsonObject): string[] {
  const status = credential.credentialStatus;
  const entries = Array.isArray(status) ? status : status === undefined ? [] : [status];
  const problems: string[] = [];
  entries.forEach((entry, i) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return;
    const e = entry as JsonObject;
    const types = (Array.isArray(e.type) ? e.type : [e.type]).filter((t): t is string => typeof t === 'string');
    if (!types.some((t) => (LIST_ENTRY_TYPES as readonly string[]).includes(t))) return;
    const at = `credentialStatus[${i}]`;
    if (types.includes('BitstringStatusListEntry')) {
      if (typeof e.statusListIndex !== 'string' || !/^(0|[1-9]\d*)$/.test(e.statusListIndex)) problems.push(`${at}.statusListIndex must be an integer of 0 or more written in base 10 as a string`);
      if (typeof e.statusPurpose !== 'string') problems.push(`${at}.statusPurpose must be a string`);
    }
    try {
      parseListEntry(e);
    } catch (error) {
      if (!(error instanceof StatusListError)) throw error;
      problems.push(`${at}: ${error.message}`);
    }
  });
  return problems;
}

/**
 * One proof as one object, as VC-API clients and the W3C / CCG suites expect (`proof` "MUST be an
 * object"); a proof set stays an array. Laurel's own OB 3.0 credentials keep their array (1EdTech's
 * strict schema wants one).
 */
function singleProof(document: JsonObject): JsonObject {
  return Array.isArray(document.proof) && document.proof.length === 1 ? { ...document, proof: document.proof[0]! } : document;
}

const duplicate = (id: string) => new AppError('conflict', `a credential with id ${id} already has status entries; give each credential its own id`);

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
