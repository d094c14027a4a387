import { removeFactors } from '../mfa/factors.js';
import type { Repositories } from '../shared/store.js';
import type { User } from '../organisations/ports.js';
import type { UserAddress } from './ports.js';

/** Whether the account's own sign-in address has been proven (a link mailed to it was used). */
export async function signInAddressVerified(tx: Pick<Repositories, 'addresses'>, user: User): Promise<boolean> {
  return (await tx.addresses.listForUser(user.id)).some((a) => a.type === 'email' && a.value === user.email && a.verifiedAt !== null);
}

export interface MailboxProof {
  /** The address a used link was mailed to. */
  email: string;
  /** The account the address goes to. */
  userId: string;
  /** The session doing the proving, which survives. */
  keepSessionId?: string | undefined;
  /** The password the prover chose just now, for their own account if its address was never verified. */
  passwordHash?: string | undefined;
  now: string;
  newId: string;
}

/**
 * Someone used a link mailed to `email`, so they hold that mailbox. An account that signs in with that address
 * but never proved it (registered before its owner, in the days when registering did not need the mailbox)
 * keeps nothing set without the mailbox: its second factors are removed, its password is cleared (or becomes the one the prover chose just
 * now, when it is their own account) and its sessions end (but the prover's own). Then the address
 * becomes a verified address of `userId`, unless another account already holds it verified: the holder is
 * returned either way.
 */
export async function proveMailbox(tx: Pick<Repositories, 'users' | 'addresses' | 'sessions' | 'mfa' | 'passkeys'>, proof: MailboxProof): Promise<UserAddress> {
  const registrant = await tx.users.findByEmail(proof.email);
  if (registrant && !(await signInAddressVerified(tx, registrant))) {
    const own = registrant.id === proof.userId;
    await tx.users.update({ ...registrant, passwordHash: own ? (proof.passwordHash ?? null) : null, updatedAt: proof.now });
    await tx.sessions.removeForUser(registrant.id, own ? proof.keepSessionId : undefined);
    await removeFactors(tx, registrant.id);
  }
  return tx.addresses.claim({ id: proof.newId, userId: proof.userId, type: 'email', value: proof.email, verifiedAt: proof.now, createdAt: proof.now });
}
