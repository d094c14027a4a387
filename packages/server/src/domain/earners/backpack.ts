import type { Deps } from '../deps.js';
import type { Achievement } from '../achievements/ports.js';
import type { Credential, Visibility } from '../credentials/ports.js';
import type { Issuer } from '../issuers/ports.js';
import { AppError, notFound } from '../shared/errors.js';

export interface BackpackEntry {
  credential: Credential;
  achievement: Achievement;
  issuer: Issuer;
}

/**
 * Everything awarded to the person: claimed credentials and those sent to their verified addresses
 * that nobody else claimed (an address can change hands once its holder removes it; a claim cannot).
 */
export async function listBackpack(deps: Pick<Deps, 'store'>, input: { userId: string }): Promise<BackpackEntry[]> {
  const addresses = (await deps.store.addresses.listForUser(input.userId)).filter((a) => a.verifiedAt);
  const credentials = (await deps.store.credentials.listForEarner(input.userId, addresses.map((a) => ({ type: a.type, value: a.value })))).filter(
    (c) => c.earnerUserId === null || c.earnerUserId === input.userId,
  );
  const [achievements, issuers] = await Promise.all([
    deps.store.achievements.findManyPublic([...new Set(credentials.map((c) => c.achievementId))]),
    deps.store.issuers.findManyPublic([...new Set(credentials.map((c) => c.issuerId))]),
  ]);
  const a = new Map(achievements.map((x) => [x.id, x]));
  const i = new Map(issuers.map((x) => [x.id, x]));
  return credentials.flatMap((c) => {
    const achievement = a.get(c.achievementId);
    const issuer = i.get(c.issuerId);
    return achievement && issuer ? [{ credential: c, achievement, issuer }] : [];
  });
}

/** The earner decides whether a credential of theirs is public. */
export async function setCredentialVisibility(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { userId: string; credentialId: string; visibility: Visibility },
): Promise<Credential> {
  const entry = (await listBackpack(deps, { userId: input.userId })).find((e) => e.credential.id === input.credentialId);
  if (!entry) throw notFound('credential');
  if (input.visibility !== 'public' && input.visibility !== 'private') throw new AppError('validation', 'visibility is public or private');
  const updated: Credential = { ...entry.credential, visibility: input.visibility, updatedAt: deps.clock.now().toISOString() };
  await deps.store.credentials.update(updated);
  return updated;
}
