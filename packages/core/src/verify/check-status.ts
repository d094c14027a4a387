import type { JsonObject } from '../contexts/bundled.js';
import { parseListEntry, read1EdTechRevocationList, readStatusEntryValue, REVOCATION_LIST_TYPE, type StatusEntryRef } from '../status/read-status.js';
import { asArray, idOf, isObject, typesOf } from './json.js';
import type { VerifyOptions } from './options.js';
import { checkOf, errorMessage, fail, pass, type Check, type VerificationReport } from './report.js';

/** Verifies a fetched status list credential (JSON-LD or VC-JWT); supplied by verify-credential.ts. */
export type ListVerifier = (input: unknown, options: VerifyOptions) => Promise<VerificationReport>;

async function fetchList(url: string, options: VerifyOptions): Promise<unknown> {
  if (!options.fetchJson) throw new Error('no fetcher configured for remote status lists');
  return options.fetchJson(url);
}

async function listEntryStatus(credential: JsonObject, entry: unknown, options: VerifyOptions, verifyList: ListVerifier): Promise<Check> {
  const ref = parseListEntry(entry);
  const fetched = await fetchList(ref.listCredential, options);
  const listReport = await verifyList(fetched, {
    ...options,
    expectedTypes: ['BitstringStatusListCredential', 'StatusList2021Credential'],
    skipStatus: true,
  });
  const url = ref.listCredential;
  if (!listReport.valid || !listReport.credential) {
    const why = listReport.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.reason}`).join('; ');
    return fail('status', 'status-list-invalid', `status list ${url} is not valid (${why})`, { url });
  }
  const list = listReport.credential;
  if (idOf(list.issuer) !== idOf(credential.issuer)) {
    const issuer = String(idOf(list.issuer));
    return fail('status', 'status-list-wrong-issuer', `status list ${url} was issued by ${issuer}, not by the credential's issuer`, { url, issuer });
  }
  const value = readStatusEntryValue(list, ref);
  if (ref.messages) return messageStatus(ref, value);
  const set = value !== 0;
  const purpose = ref.purpose;
  if (!set) {
    if (purpose === 'suspension') return pass('status', 'status-not-suspended', 'not suspended');
    if (purpose === 'revocation') return pass('status', 'status-not-revoked', 'not revoked');
    return pass('status', 'status-not-flagged', `not flagged (${purpose})`, { purpose });
  }
  if (purpose === 'revocation') return fail('status', 'status-revoked', 'revoked');
  if (purpose === 'suspension') return fail('status', 'status-suspended', 'suspended');
  return pass('status', 'status-flagged', `status bit set for purpose ${purpose}`, { purpose });
}

/**
 * An entry whose values are named by `statusMessage` (Bitstring Status List `message` purpose, or any
 * entry of several bits): "revoked" and "suspended" invalidate it as their purposes do; value 0 and
 * other messages are reported as they are.
 */
function messageStatus(ref: StatusEntryRef, value: number): Check {
  const status = `0x${value.toString(16)}`;
  const message = ref.messages?.find((m) => m.status === value)?.message;
  if (message === undefined) {
    if (value === 0) return pass('status', 'status-not-flagged', `not flagged (${ref.purpose})`, { purpose: ref.purpose });
    return fail('status', 'status-entry-invalid', `status ${status} has no statusMessage`);
  }
  const word = message.trim().toLowerCase();
  if (word === 'revoked') return fail('status', 'status-revoked', 'revoked');
  if (word === 'suspended') return fail('status', 'status-suspended', 'suspended');
  return pass('status', 'status-message', `status ${status}: ${message}`, { purpose: ref.purpose, status, message });
}

async function revocationListStatus(credential: JsonObject, entry: JsonObject, options: VerifyOptions): Promise<Check> {
  const url = idOf(entry);
  if (!url) return fail('status', 'status-entry-invalid', '1EdTechRevocationList entry has no id');
  const list = await fetchList(url, options);
  const credentialId = idOf(credential);
  if (!credentialId) return fail('status', 'status-no-credential-id', 'a credential without id cannot be looked up in a revocation list');
  const finding = read1EdTechRevocationList(list, credentialId);
  if (!finding.revoked) return pass('status', 'status-not-revoked', 'not in the revocation list');
  return finding.reason ? fail('status', 'status-revoked-with-reason', `revoked: ${finding.reason}`, { reason: finding.reason }) : fail('status', 'status-revoked', 'revoked');
}

/** Of several failed entries, the one a person most needs to hear about: revoked, then suspended, then the first. */
function mostTelling(failed: Check[]): Check {
  return failed.find((c) => c.code.startsWith('status-revoked')) ?? failed.find((c) => c.code === 'status-suspended') ?? failed[0]!;
}

/** The `status` check: every credentialStatus entry is fetched, its list verified, and its bit read. */
export async function statusCheck(credential: JsonObject, options: VerifyOptions, verifyList: ListVerifier): Promise<Check> {
  const entries = asArray(credential.credentialStatus);
  if (entries.length === 0) return pass('status', 'status-none', 'the credential has no credentialStatus');
  const results: Check[] = [];
  for (const entry of entries) {
    try {
      if (!isObject(entry)) results.push(fail('status', 'status-entry-invalid', 'credentialStatus entry is not an object'));
      else if (typesOf(entry).includes(REVOCATION_LIST_TYPE)) results.push(await revocationListStatus(credential, entry, options));
      else if (typesOf(entry).some((t) => t === 'BitstringStatusListEntry' || t === 'StatusList2021Entry')) {
        results.push(await listEntryStatus(credential, entry, options, verifyList));
      } else {
        const method = typesOf(entry).join(', ') || '(no type)';
        results.push(fail('status', 'status-method-unsupported', `unsupported status method ${method}`, { method }));
      }
    } catch (error) {
      const detail = errorMessage(error);
      results.push(fail('status', 'status-unavailable', `status could not be checked: ${detail}`, { detail }));
    }
  }
  if (results.length === 1) return results[0]!;
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) return checkOf('status', false, { ...mostTelling(failed), reason: failed.map((r) => r.reason).join('; ') });
  return pass('status', 'status-active', results.map((r) => r.reason).join('; '));
}
