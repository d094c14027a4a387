import { checkReason, createDocumentLoader, verifyCredential, type JsonObject, type VerifiedIssuer, type VerifyOptions } from '@laurel/core';
import { AppError } from '../shared/errors.js';
import { didWebResolver } from './did-web.js';
import { isObject, isOb2Assertion } from './json.js';
import { hostedChecks } from './ob2-hosted.js';
import { looksLikePdf } from './pdf-input.js';
import type { InputKind, VerifyAnyDeps, VerifyAnyReport, VerifyCheck, VerifyFormat, VerifySource } from './ports.js';
import { readSource, type Readout } from './read-input.js';
import { checkRecipient } from './recipient.js';

export interface VerifyAnyInput {
  source: VerifySource;
  /** An email address, URL, DID or telephone number to check the badge was awarded to. */
  recipient?: string | undefined;
  /**
   * Verifying without fetching anything (with a remote that refuses every read): proofs by did:key
   * and the issuer binding are checked; a status list that cannot be read is reported as not checked.
   */
  offline?: boolean | undefined;
}

const DEFAULT_DEADLINE_MS = 20_000;

function coreOptions(deps: VerifyAnyDeps): VerifyOptions {
  return {
    documentLoader: createDocumentLoader({ resolveDid: didWebResolver(deps.remote) }),
    now: () => deps.clock.now(),
    jwsVerifier: deps.jwsVerifier,
    fetchJson: async (url) => {
      const got = await deps.remote.getJson(url);
      if (!got.ok) throw new Error(got.reason);
      return got.json;
    },
    fetchDocument: async (url) => {
      const got = await deps.remote.getJson(url);
      if (!got.ok) throw new Error(got.reason);
      return { url: got.url, json: got.json };
    },
  };
}

interface Verdict {
  format: VerifyFormat;
  checks: VerifyCheck[];
  credential?: JsonObject | undefined;
  issuer?: VerifiedIssuer | undefined;
}

async function verifyDocument(deps: VerifyAnyDeps, doc: JsonObject | string, fetchedFrom: string | undefined, offline: boolean): Promise<Verdict> {
  if (isObject(doc) && isOb2Assertion(doc)) {
    const type = isObject(doc.verification) ? String(doc.verification.type) : 'hosted';
    if (type === 'signed' || type === 'SignedBadge') {
      const why = checkReason('format-ob2-signed-object', 'a signed OB 2.0 assertion must be given as its compact JWS (this JSON carries no signature)');
      return { format: 'ob2-jws', credential: doc, checks: [{ name: 'format', ok: false, ...why }] };
    }
    // The report (and the recipient check) are about the copy published at the assertion's id.
    const hosted = await hostedChecks(deps.remote, { assertion: doc, fetchedFrom }, deps.clock.now());
    return { format: 'ob2-hosted', credential: hosted.assertion, checks: hosted.checks, issuer: hosted.issuer };
  }
  const report = await verifyCredential(doc, coreOptions(deps));
  // Offline, a status list cannot be read: say it was not checked rather than that it failed.
  const checks = report.checks.map((c) =>
    offline && c.name === 'status' && c.code === 'status-unavailable' ? { name: c.name, ok: true, ...checkReason('status-not-checked', 'not checked: verified offline') } : c,
  );
  return { format: report.format, checks, credential: report.credential, issuer: report.issuer };
}

function verdictOf(readout: Exclude<Readout, { kind: 'document' }>): Verdict {
  if (readout.kind === 'gone') {
    const why = checkReason('status-revoked-gone', `revoked: ${readout.url} answers 410 Gone`, { url: readout.url });
    return { format: 'unknown', checks: [{ name: 'status', ok: false, ...why }] };
  }
  return { format: 'unknown', checks: [{ name: 'source', ok: false, code: readout.code, reason: readout.reason, ...(readout.params ? { params: readout.params } : {}) }] };
}

async function run(deps: VerifyAnyDeps, input: VerifyAnyInput): Promise<VerifyAnyReport> {
  const { readout, input: recognised } = await readSource(deps, input.source);
  if (readout.kind === 'unreadable' && !readout.remote) throw new AppError('validation', readout.reason);
  const verdict = readout.kind === 'document' ? await verifyDocument(deps, readout.doc, readout.fetchedFrom, input.offline === true) : verdictOf(readout);
  const recipient = input.recipient === undefined ? undefined : await checkRecipient(verdict.credential, input.recipient);
  return {
    valid: verdict.checks.length > 0 && verdict.checks.every((c) => c.ok),
    format: verdict.format,
    input: recognised,
    checks: verdict.checks,
    ...(verdict.credential ? { credential: verdict.credential } : {}),
    ...(verdict.issuer ? { issuer: verdict.issuer } : {}),
    ...(recipient ? { recipient } : {}),
  };
}

/** How the input arrived, as far as it can be told without reading it. */
function kindOf(source: VerifySource): InputKind {
  if (source.kind === 'bytes') return looksLikePdf(source.bytes) ? 'pdf' : 'image';
  return source.kind === 'url' ? 'url' : 'json';
}

/**
 * Verifies any badge: a baked PNG or SVG, a PDF embedding a credential (Laurel's certificates), an OB 2.0 assertion (JSON, hosted URL or JWS), an OB 3.0
 * credential (Data Integrity or VC-JWT), or a URL to any of these; optionally checks it was awarded
 * to a given recipient. Every failure is a check with a reason; only input that cannot be read at
 * all is an error (`validation`). Bounded by `deps.deadlineMs`.
 */
export async function verifyAny(deps: VerifyAnyDeps, input: VerifyAnyInput): Promise<VerifyAnyReport> {
  const deadlineMs = deps.deadlineMs ?? DEFAULT_DEADLINE_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<VerifyAnyReport>((resolve) => {
    timer = setTimeout(() => {
      const seconds = String(Math.round(deadlineMs / 100) / 10);
      const why = checkReason('source-timeout', `verification took longer than ${seconds} s: a server it depends on is too slow`, { seconds });
      resolve({ valid: false, format: 'unknown', input: { kind: kindOf(input.source) }, checks: [{ name: 'source', ok: false, ...why }] });
    }, deadlineMs);
  });
  try {
    return await Promise.race([run(deps, input), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
