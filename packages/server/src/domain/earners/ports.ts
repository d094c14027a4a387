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
}
