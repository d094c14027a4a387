import type { JsonObject } from '@laurel/core';
import type { Deps } from '../deps.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import { checkRecipient } from '../verification/recipient.js';
import type { VerifyAnyDeps } from '../verification/ports.js';
import { verifyAny } from '../verification/verify-any.js';
import type { HostedCredential } from './ports.js';

export type UpsertDeps = Pick<Deps, 'store' | 'clock' | 'ids'> & { verifier: VerifyAnyDeps };

/** What the host sent: a JSON-LD credential, or a VC-JWT as its compact JWS. */
export type UpsertBody = { kind: 'json'; value: unknown } | { kind: 'jwt'; text: string };

const OB3_TYPES = ['OpenBadgeCredential', 'AchievementCredential'];
const OB3_FORMATS = new Set(['ob3-ldp', 'vc-jwt', 'vc-jwt-v1']);

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const refuse = (message: string, fields: { path: string; message: string }[] = []) => new AppError('validation', message, { fields });

function issuerOf(credential: JsonObject): string {
  const issuer = credential.issuer;
  const id = typeof issuer === 'string' ? issuer : isObject(issuer) ? issuer.id : undefined;
  return typeof id === 'string' ? id : 'unknown';
}

function issuedAtOf(credential: JsonObject, fallback: string): string {
  for (const v of [credential.validFrom, credential.issuanceDate, credential.awardedDate]) {
    if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return new Date(v).toISOString();
  }
  return fallback;
}

/**
 * Refuses a credential about somebody else: when its subject names e-mail addresses (or telephone
 * numbers), one must be a verified address of this earner. A subject known only by a DID or URL cannot
 * be checked against an account and is accepted as the earner's.
 */
async function requireOwnSubject(deps: Pick<Deps, 'store'>, userId: string, credential: JsonObject): Promise<void> {
  const identifiers = asArray(credential.credentialSubject).filter(isObject).flatMap((s) => asArray(s.identifier)).filter(isObject);
  if (identifiers.length === 0) return;
  const addresses = (await deps.store.addresses.listForUser(userId)).filter((a) => a.verifiedAt);
  for (const address of addresses) if ((await checkRecipient(credential, address.value)).matches) return;
  throw new AppError('forbidden', 'this credential was awarded to somebody else: its recipient is none of your verified addresses');
}

/**
 * upsertCredential of the OB 3.0 API: a credential from any issuer, pushed into the earner's backpack by a
 * host they connected. It is verified first with Laurel's verifier (proof, issuer, dates, status);
 * one that does not verify, or is not an OB 3.0 credential, is refused. The same credential again (same
 * `id`, else the same bytes) replaces the stored one.
 */
export async function upsertObCredential(deps: UpsertDeps, input: { userId: string; clientId: string; body: UpsertBody }): Promise<{ created: boolean }> {
  const { body } = input;
  if (body.kind === 'json') {
    if (!isObject(body.value)) throw refuse('send an OpenBadgeCredential (JSON), or its VC-JWT as text/plain');
    const types = asArray(body.value.type);
    if (!types.some((t) => typeof t === 'string' && OB3_TYPES.includes(t))) throw refuse('the credential must be an OpenBadgeCredential (AchievementCredential)', [{ path: '/type', message: 'names neither OpenBadgeCredential nor AchievementCredential' }]);
  }
  const report = await verifyAny(deps.verifier, { source: body.kind === 'json' ? { kind: 'json', value: body.value } : { kind: 'text', text: body.text } });
  const failed = report.checks.filter((c) => !c.ok);
  if (!report.valid || !report.credential) {
    throw refuse('the credential does not verify', failed.map((c) => ({ path: `/checks/${c.name}`, message: `${c.code}: ${c.reason}` })));
  }
  if (!OB3_FORMATS.has(report.format) || !asArray(report.credential.type).some((t) => typeof t === 'string' && OB3_TYPES.includes(t))) {
    throw refuse('only Open Badges 3.0 credentials (OpenBadgeCredential) can be added this way');
  }
  await requireOwnSubject(deps, input.userId, report.credential);
  const text = body.kind === 'json' ? JSON.stringify(body.value) : body.text;
  const now = deps.clock.now().toISOString();
  const credential = report.credential;
  const hosted: HostedCredential = {
    id: deps.ids.id(),
    userId: input.userId,
    dedupeKey: typeof credential.id === 'string' ? `id:${issuerOf(credential)}:${credential.id}` : `sha256:${sha256Hex(text)}`,
    format: body.kind,
    body: text,
    issuer: issuerOf(credential),
    issuedAt: issuedAtOf(credential, now),
    clientId: input.clientId,
    createdAt: now,
    updatedAt: now,
  };
  return { created: await deps.store.hostedCredentials.upsert(hosted) };
}
