import type { JsonObject } from '@laurel/core';
import type { Deps } from '../deps.js';
import { getMyProfile, updateProfile } from '../earners/profile.js';
import { AppError, notFound } from '../shared/errors.js';
import { FieldChecks } from '../shared/validation.js';

export const OB3_PROFILE_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** getProfile of the OB 3.0 API: the earner as an OB 3.0 Profile (name, sign-in e-mail, bio, public page). */
export async function getObProfile(deps: Pick<Deps, 'store'> & { baseUrl: string }, input: { userId: string }): Promise<JsonObject> {
  const user = await deps.store.users.findById(input.userId);
  if (!user) throw notFound('profile');
  const profile = await getMyProfile(deps, input);
  const publicUrl = profile.public && profile.handle ? `${deps.baseUrl}/u/${profile.handle}` : undefined;
  return {
    '@context': [OB3_PROFILE_CONTEXT],
    type: 'Profile',
    id: publicUrl ?? (UUID.test(user.id) ? `urn:uuid:${user.id}` : `urn:laurel:user:${user.id}`),
    ...(user.name ? { name: user.name } : {}),
    email: user.email,
    ...(profile.bio ? { description: profile.bio } : {}),
    ...(publicUrl ? { url: publicUrl } : {}),
  };
}

/**
 * putProfile: the entire Profile is sent; Laurel takes its `name` and `description` (the bio). The id and
 * e-mail are Laurel's to say (an address is changed by proving the mailbox): a different one is refused.
 */
export async function putObProfile(deps: Pick<Deps, 'store' | 'clock'> & { baseUrl: string }, input: { userId: string; profile: unknown }): Promise<JsonObject> {
  const sent = input.profile;
  if (typeof sent !== 'object' || sent === null || Array.isArray(sent)) throw new AppError('validation', 'send the whole Profile as a JSON object');
  const p = sent as Record<string, unknown>;
  const current = await getObProfile(deps, input);
  const types = Array.isArray(p.type) ? p.type : [p.type];
  const checks = new FieldChecks();
  checks.check(types.includes('Profile'), '/type', 'must be Profile');
  checks.check(p.name === undefined || (typeof p.name === 'string' && p.name.trim().length > 0 && p.name.length <= 200), '/name', 'a name of 1 to 200 characters');
  checks.check(p.description === undefined || (typeof p.description === 'string' && p.description.length <= 500), '/description', 'at most 500 characters');
  checks.check(p.email === undefined || p.email === current.email, '/email', 'is your Laurel sign-in address; change addresses in Laurel');
  checks.check(p.id === undefined || p.id === current.id, '/id', 'is not yours to change');
  checks.throwIfAny('the profile cannot be accepted');
  const user = (await deps.store.users.findById(input.userId))!;
  const name = typeof p.name === 'string' ? p.name.trim() : null;
  if (name !== user.name) await deps.store.users.update({ ...user, name });
  await updateProfile(deps, { userId: input.userId, bio: typeof p.description === 'string' ? p.description : null });
  return getObProfile(deps, input);
}
