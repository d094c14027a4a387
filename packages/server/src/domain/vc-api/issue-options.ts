import { isDateTime, isUri, type JsonObject } from '@laurel/core';
import { AppError } from '../shared/errors.js';

/** VC-API issue options (IssueCredentialOptions) and Laurel's `issuerId`. */
export interface IssueVcOptions {
  issuerId?: string | undefined;
  /** `proof.created`: an XML Schema dateTimeStamp, not in the future. */
  created?: string | undefined;
  /** The credential's `id` when it has none (a URL); it must equal `credential.id` when both are given. */
  credentialId?: string | undefined;
  /** Selective disclosure only: refused unless empty (Laurel signs eddsa-rdfc-2022). */
  mandatoryPointers?: string[] | undefined;
  /** Presentation binding: refused at issuance. */
  challenge?: string | undefined;
  domain?: string | undefined;
  [other: string]: unknown;
}

/** Options another part of Laurel reads (status entries), accepted here without being interpreted. */
const PASSED_THROUGH = ['credentialStatus'];
const KNOWN_OPTIONS = ['issuerId', 'created', 'credentialId', 'mandatoryPointers', 'challenge', 'domain', ...PASSED_THROUGH];
/** How far ahead of the server's clock `options.created` may be (clock skew). */
const CREATED_SKEW_MS = 5 * 60 * 1000;

/**
 * The VC-API issue options honoured (`created`, `credentialId`) or refused with the option named:
 * `challenge` / `domain` bind presentations, not credentials; `mandatoryPointers` needs a selective
 * disclosure suite; any other option is unknown (VC-API: IssueCredentialOptions allows no others).
 */
export function issueOptions(options: IssueVcOptions, credential: JsonObject, now: Date): { created?: Date } {
  for (const key of Object.keys(options)) if (!KNOWN_OPTIONS.includes(key)) throw invalid(`/options/${key}`, `options.${key} is not a VC-API issue option Laurel supports (supported: ${KNOWN_OPTIONS.join(', ')})`);
  for (const key of ['challenge', 'domain'] as const) {
    if (options[key] !== undefined) throw invalid(`/options/${key}`, `options.${key} is not supported at issuance: a challenge or domain binds a presentation's authentication proof, not a credential`);
  }
  if (options.mandatoryPointers !== undefined && options.mandatoryPointers.length > 0) {
    throw invalid('/options/mandatoryPointers', 'options.mandatoryPointers is not supported: Laurel signs with eddsa-rdfc-2022, which has no selective disclosure');
  }
  if (options.credentialId !== undefined) {
    if (!isUri(options.credentialId)) throw invalid('/options/credentialId', 'options.credentialId must be a URL');
    if (credential.id !== undefined && credential.id !== options.credentialId) throw invalid('/options/credentialId', 'options.credentialId differs from credential.id: give one, or the same in both');
    credential.id = options.credentialId;
  }
  if (options.created === undefined) return {};
  if (!isDateTime(options.created)) throw invalid('/options/created', 'options.created must be an XML Schema dateTimeStamp with a time zone, e.g. 2026-01-01T00:00:00Z');
  const created = new Date(options.created);
  if (created.getTime() > now.getTime() + CREATED_SKEW_MS) throw invalid('/options/created', 'options.created must not be in the future');
  return { created };
}

const invalid = (path: string, message: string) => new AppError('validation', message, { fields: [{ path, message }] });
