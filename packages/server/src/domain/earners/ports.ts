import type { RecipientType } from '@laurel/core';

/** A verified identity of a person; credentials sent to it belong in their backpack. */
export interface UserAddress {
  id: string;
  userId: string;
  type: RecipientType;
  value: string;
  verifiedAt: string | null;
  createdAt: string;
}

export interface UserAddressRepo {
  /** Adds the address for the user unless someone already has it; returns the holder. */
  claim(address: UserAddress): Promise<UserAddress>;
  listForUser(userId: string): Promise<UserAddress[]>;
  /** Deletes the user's address; false when they hold no address with that id. */
  remove(userId: string, id: string): Promise<boolean>;
}

/** `register`: a new account for the address (user id null until then); `change-email`: the account's new sign-in address. */
export type EmailTokenPurpose = 'verify-address' | 'sign-in' | 'register' | 'change-email';

/** A single-use link sent by e-mail; only its hash is stored. */
export interface EmailToken {
  id: string;
  purpose: EmailTokenPurpose;
  email: string;
  userId: string | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface EmailTokenRepo {
  insert(token: EmailToken): Promise<void>;
  /** Marks an unused, unexpired token of that purpose used and returns it; undefined otherwise. */
  consume(id: string, purpose: EmailTokenPurpose, now: string): Promise<EmailToken | undefined>;
}
