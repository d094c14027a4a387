import type { JsonObject } from '@laurel/core';
import type { Deps } from '../deps.js';
import type { HostedCredential } from '../ob-api/ports.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import { checkRecipient } from '../verification/recipient.js';
import type { VerifyAnyDeps, VerifySource } from '../verification/ports.js';
import { verifyAny } from '../verification/verify-any.js';

export type ImportCredentialDeps = Pick<Deps, 'store' | 'clock' | 'ids'> & { verifier: VerifyAnyDeps };

const OB2_FORMATS = new Set(['ob2-hosted', 'ob2-jws']);
const OB3_FORMATS = new Set(['ob3-ldp', 'vc-jwt', 'vc-jwt-v1']);
const OB3_TYPES = ['OpenBadgeCredential', 'AchievementCredential'];

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const refuse = (message: string, fields: { path: string; message: string }[] = []) => new AppError('validation', message, { fields });

/** What the backpack shows of an imported credential (read from the verified document). */
export interface ImportedCredentialSummary {
  id: string;
  kind: 'ob2' | 'ob3';
  name: string | null;
  issuer: string;
  issuerName: string | null;
  issuedAt: string;
  createdAt: string;
}

function issuedAtOf(doc: JsonObject, fallback: string): string {
  for (const v of [doc.validFrom, doc.issuanceDate, doc.awardedDate, doc.issuedOn]) {
    if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return new Date(v).toISOString();
  }
  return fallback;
}

/**
 * The earner's own import into their backpack: any OB 2.0 assertion or OB 3.0 credential they hold, as a
 * file (JSON, baked PNG/SVG, PDF), a URL or a compact JWS. It is verified first with Laurel's verifier
 * (OB 2.0: hosted copy or signature; OB 3.0: proof, issuer, dates, status) and must name one of the
 * earner's verified addresses when it names a recipient; otherwise it is refused and nothing is kept.
 * The same credential again replaces the stored copy (keyed by its id, else its bytes).
 */
export async function importOwnCredential(deps: ImportCredentialDeps, input: { userId: string; source: VerifySource }): Promise<{ created: boolean; summary: ImportedCredentialSummary }> {
  const report = await verifyAny(deps.verifier, { source: input.source });
  const ob2 = OB2_FORMATS.has(report.format);
  const failed = report.checks.filter((c) => !c.ok).map((c) => ({ path: `/checks/${c.name}`, message: `${c.code}: ${c.reason}` }));
  if (!report.credential) throw refuse('the badge could not be read', failed);
  if (!ob2 && !OB3_FORMATS.has(report.format)) throw refuse('this is neither an Open Badges 2.0 assertion nor an Open Badges 3.0 credential');
  if (!ob2 && !asArray(report.credential.type).some((t) => typeof t === 'string' && OB3_TYPES.includes(t))) throw refuse('the credential must be an OpenBadgeCredential (AchievementCredential)');
  if (!report.valid) {
    throw refuse('the credential does not verify', failed);
  }
  await requireOwn(deps, input.userId, report.credential);
  const credential = report.credential;
  const jwt = input.source.kind === 'text' && !ob2 ? input.source.text.trim() : null;
  const body = jwt ?? JSON.stringify(credential);
  const issuer = report.issuer?.id ?? 'unknown';
  const now = deps.clock.now().toISOString();
  const hosted: HostedCredential = {
    id: deps.ids.id(),
    userId: input.userId,
    dedupeKey: typeof credential.id === 'string' ? `id:${issuer}:${credential.id}` : `sha256:${sha256Hex(body)}`,
    format: ob2 ? 'ob2' : jwt ? 'jwt' : 'json',
    body,
    issuer,
    issuedAt: issuedAtOf(credential, now),
    clientId: null,
    createdAt: now,
    updatedAt: now,
  };
  const created = await deps.store.hostedCredentials.upsert(hosted);
  return { created, summary: summaryOf(hosted, credential, report.issuer?.name ?? null) };
}

/** When the document names recipients, one must be a verified address of the earner; a DID-only subject is accepted as theirs. */
async function requireOwn(deps: Pick<Deps, 'store'>, userId: string, credential: JsonObject): Promise<void> {
  const addresses = (await deps.store.addresses.listForUser(userId)).filter((a) => a.verifiedAt);
  let named = false;
  for (const address of addresses) {
    const finding = await checkRecipient(credential, address.value);
    if (finding.matches) return;
    named ||= finding.checked;
  }
  if (named || addresses.length === 0) throw new AppError('forbidden', 'this credential was awarded to somebody else: its recipient is none of your verified addresses');
}

function nameOf(doc: JsonObject): string | null {
  if (typeof doc.name === 'string') return doc.name;
  const subject = asArray(doc.credentialSubject).find(isObject);
  if (subject && isObject(subject.achievement) && typeof subject.achievement.name === 'string') return subject.achievement.name;
  if (isObject(doc.badge) && typeof doc.badge.name === 'string') return doc.badge.name;
  return null;
}

export function summaryOf(h: HostedCredential, doc: JsonObject | undefined, issuerName: string | null): ImportedCredentialSummary {
  return { id: h.id, kind: h.format === 'ob2' ? 'ob2' : 'ob3', name: doc ? nameOf(doc) : null, issuer: h.issuer, issuerName, issuedAt: h.issuedAt, createdAt: h.createdAt };
}

/** The credentials the earner imported or their hosts pushed, newest first. */
export async function listImportedCredentials(deps: Pick<Deps, 'store'>, input: { userId: string }): Promise<ImportedCredentialSummary[]> {
  const hosted = await deps.store.hostedCredentials.listForUser(input.userId);
  return hosted
    .map((h) => summaryOf(h, h.format === 'jwt' ? jwtPayload(h.body) : parse(h.body), null))
    .sort((a, b) => Date.parse(b.issuedAt) - Date.parse(a.issuedAt));
}

function parse(body: string): JsonObject | undefined {
  try {
    const v = JSON.parse(body) as unknown;
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function jwtPayload(jwt: string): JsonObject | undefined {
  const payload = parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
  return payload && isObject(payload.vc) ? payload.vc : payload;
}
