import type { JsonObject } from '../contexts/bundled.js';
import { parseListEntry, read1EdTechRevocationList, readStatusBit, REVOCATION_LIST_TYPE } from '../status/read-status.js';
import { asArray, idOf, isObject, typesOf } from './json.js';
import type { VerifyOptions } from './options.js';
import { errorMessage, fail, pass, type Check, type VerificationReport } from './report.js';

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
  if (!listReport.valid || !listReport.credential) {
    const why = listReport.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.reason}`).join('; ');
    return fail('status', `status list ${ref.listCredential} is not valid (${why})`);
  }
  const list = listReport.credential;
  if (idOf(list.issuer) !== idOf(credential.issuer)) {
    return fail('status', `status list ${ref.listCredential} was issued by ${String(idOf(list.issuer))}, not by the credential's issuer`);
  }
  const set = readStatusBit(list, ref);
  if (!set) return pass('status', `not ${ref.purpose === 'suspension' ? 'suspended' : ref.purpose === 'revocation' ? 'revoked' : `flagged (${ref.purpose})`}`);
  if (ref.purpose === 'revocation') return fail('status', 'revoked');
  if (ref.purpose === 'suspension') return fail('status', 'suspended');
  return pass('status', `status bit set for purpose ${ref.purpose}`);
}

async function revocationListStatus(credential: JsonObject, entry: JsonObject, options: VerifyOptions): Promise<Check> {
  const url = idOf(entry);
  if (!url) return fail('status', '1EdTechRevocationList entry has no id');
  const list = await fetchList(url, options);
  const credentialId = idOf(credential);
  if (!credentialId) return fail('status', 'a credential without id cannot be looked up in a revocation list');
  const finding = read1EdTechRevocationList(list, credentialId);
  return finding.revoked ? fail('status', `revoked${finding.reason ? `: ${finding.reason}` : ''}`) : pass('status', 'not in the revocation list');
}

/** The `status` check: every credentialStatus entry is fetched, its list verified, and its bit read. */
export async function statusCheck(credential: JsonObject, options: VerifyOptions, verifyList: ListVerifier): Promise<Check> {
  const entries = asArray(credential.credentialStatus);
  if (entries.length === 0) return pass('status', 'the credential has no credentialStatus');
  const results: Check[] = [];
  for (const entry of entries) {
    try {
      if (!isObject(entry)) results.push(fail('status', 'credentialStatus entry is not an object'));
      else if (typesOf(entry).includes(REVOCATION_LIST_TYPE)) results.push(await revocationListStatus(credential, entry, options));
      else if (typesOf(entry).some((t) => t === 'BitstringStatusListEntry' || t === 'StatusList2021Entry')) {
        results.push(await listEntryStatus(credential, entry, options, verifyList));
      } else results.push(fail('status', `unsupported status method ${typesOf(entry).join(', ') || '(no type)'}`));
    } catch (error) {
      results.push(fail('status', `status could not be checked: ${errorMessage(error)}`));
    }
  }
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) return fail('status', failed.map((r) => r.reason).join('; '));
  return pass('status', results.map((r) => r.reason).join('; '));
}
