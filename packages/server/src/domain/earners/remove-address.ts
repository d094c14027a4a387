import type { Deps } from '../deps.js';
import { AppError, notFound } from '../shared/errors.js';
import type { UserAddress } from './ports.js';

/**
 * The earner removes one of their addresses. Rules:
 * - only their own addresses (another person's address id is "not found");
 * - never the e-mail address the account signs in with (`users.email`): it is how they get back in;
 * - credentials sent to the address that they never claimed leave their backpack (the backpack is
 *   computed from the addresses they hold); credentials they claimed stay, since a claim binds the
 *   credential to the account, not to the address;
 * - the address is free again: another account may verify it or claim a credential sent to it.
 */
export async function removeAddress(deps: Pick<Deps, 'store'>, input: { userId: string; addressId: string }): Promise<UserAddress> {
  const [user, addresses] = await Promise.all([deps.store.users.findById(input.userId), deps.store.addresses.listForUser(input.userId)]);
  const address = addresses.find((a) => a.id === input.addressId);
  if (!user || !address) throw notFound('address');
  if (address.type === 'email' && address.value.toLowerCase() === user.email.toLowerCase()) {
    throw new AppError('conflict', 'this is the address you sign in with, so it cannot be removed');
  }
  if (!(await deps.store.addresses.remove(input.userId, address.id))) throw notFound('address');
  return address;
}
