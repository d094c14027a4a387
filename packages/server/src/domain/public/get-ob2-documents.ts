import { buildOb2Assertion, buildOb2BadgeClass, buildOb2Issuer, buildOb2RevokedAssertion, type JsonDocument, type Ob2Links } from '@laurel/core';
import type { Deps } from '../deps.js';
import { effectiveStatus } from '../credentials/effective-status.js';
import { notFound } from '../shared/errors.js';
import { toCoreAchievement, toCoreAward, toCoreIssuer } from './to-core-model.js';

/**
 * Public OB 2.0 hosted verification documents. Looked up by unguessable id alone; a credential its
 * earner (or organisation) keeps private is not found.
 */
export async function getOb2Assertion(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { id: string; links: Ob2Links },
): Promise<{ revoked: boolean; document: JsonDocument }> {
  const credential = await deps.store.credentials.findPublic(input.id);
  if (!credential || credential.visibility !== 'public') throw notFound('assertion');
  const status = effectiveStatus(credential, deps.clock.now());
  const award = toCoreAward(credential, status);
  if (credential.status === 'revoked') return { revoked: true, document: buildOb2RevokedAssertion(award, input.links) };
  return { revoked: false, document: buildOb2Assertion(award, input.links) };
}

export async function getOb2BadgeClass(deps: Pick<Deps, 'store'>, input: { id: string; links: Ob2Links }): Promise<JsonDocument> {
  const achievement = await deps.store.achievements.findPublic(input.id);
  if (!achievement) throw notFound('badge class');
  return buildOb2BadgeClass(toCoreAchievement(achievement), input.links);
}

/** The OB 2.0 Issuer, listing its RSA keys (`publicKey`) and its RevocationList for signed assertions. */
export async function getOb2Issuer(deps: Pick<Deps, 'store' | 'urls'>, input: { id: string; links: Ob2Links }): Promise<JsonDocument> {
  const issuer = await deps.store.issuers.findPublic(input.id);
  if (!issuer) throw notFound('issuer');
  const keys = (await deps.store.issuerKeys.listForIssuer(issuer.id)).filter((k) => k.algorithm === 'RSA');
  return buildOb2Issuer(toCoreIssuer(issuer), {
    ...input.links,
    publicKeys: () => keys.map((k) => deps.urls.ob2CryptographicKey(k.id)),
    revocationList: () => deps.urls.ob2RevocationList(issuer.id),
  });
}
