import type { Deps } from '../deps.js';
import { effectiveStatus } from '../credentials/effective-status.js';
import type { AchievementKind, CredentialStatus } from '@laurel/core';
import { AppError, notFound } from '../shared/errors.js';
import { FieldChecks } from '../shared/validation.js';
import { listBackpack } from './backpack.js';

export interface Profile {
  handle: string | null;
  bio: string | null;
  public: boolean;
}

const HANDLE = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/;

export async function getMyProfile(deps: Pick<Deps, 'store'>, input: { userId: string }): Promise<Profile & { name: string | null }> {
  const user = await deps.store.users.findById(input.userId);
  if (!user) throw notFound('account');
  return { name: user.name, ...(user.profile ?? { handle: null, bio: null, public: false }) };
}

/** The earner opts in (or out) of a public profile at `/u/<handle>`; the handle is theirs alone. */
export async function updateProfile(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { userId: string; handle?: string | null | undefined; bio?: string | null | undefined; public?: boolean | undefined },
): Promise<Profile & { name: string | null }> {
  const current = await getMyProfile(deps, input);
  const next: Profile = {
    handle: input.handle === undefined ? current.handle : input.handle?.trim().toLowerCase() || null,
    bio: input.bio === undefined ? current.bio : input.bio?.trim() || null,
    public: input.public ?? current.public,
  };
  const checks = new FieldChecks();
  if (next.handle !== null) checks.check(HANDLE.test(next.handle), '/handle', 'use 3 to 40 lower-case letters, digits and hyphens');
  if (next.bio !== null) checks.check(next.bio.length <= 500, '/bio', 'at most 500 characters');
  if (next.public) checks.check(next.handle !== null, '/handle', 'choose a handle to make your profile public');
  checks.throwIfAny();
  if (next.handle && next.handle !== current.handle) {
    const holder = await deps.store.users.findByProfileHandle(next.handle);
    if (holder && holder.id !== input.userId) throw new AppError('conflict', 'this handle is taken', { fields: [{ path: '/handle', message: 'taken' }] });
  }
  await deps.store.users.updateProfile(input.userId, next, deps.clock.now().toISOString());
  return { name: current.name, ...next };
}

export interface PublicProfileView {
  handle: string;
  name: string | null;
  bio: string | null;
  credentials: { id: string; achievementName: string; achievementKind: AchievementKind; issuerName: string; issuedOn: string; status: CredentialStatus; imageUrl: string; pageUrl: string }[];
}

/** A public profile: the earner's public credentials only; 404 unless they opted in. */
export async function getPublicProfile(deps: Pick<Deps, 'store' | 'clock' | 'urls'>, input: { handle: string }): Promise<PublicProfileView> {
  const user = await deps.store.users.findByProfileHandle(input.handle.toLowerCase());
  if (!user?.profile?.public || !user.profile.handle) throw notFound('profile');
  const entries = await listBackpack(deps, { userId: user.id });
  const now = deps.clock.now();
  return {
    handle: user.profile.handle,
    name: user.name,
    bio: user.profile.bio,
    credentials: entries
      .filter((e) => e.credential.visibility === 'public')
      .map((e) => ({
        id: e.credential.id,
        achievementName: e.achievement.name,
        achievementKind: e.achievement.kind,
        issuerName: e.issuer.name,
        issuedOn: e.credential.issuedOn,
        status: effectiveStatus(e.credential, now),
        imageUrl: deps.urls.badgeImage(e.achievement.id),
        pageUrl: deps.urls.publicCredentialPage(e.credential.id),
      })),
  };
}
