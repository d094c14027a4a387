import { hashIdentity, newSalt, normaliseIdentity, type RecipientType } from '@laurel/core';
import { FieldChecks, isEmail, isHttpUrl } from '../shared/validation.js';
import type { Recipient } from './ports.js';

export interface RecipientInput {
  email?: string | undefined;
  url?: string | undefined;
  telephone?: string | undefined;
  name?: string | undefined;
}

const E164ISH = /^\+?[0-9]{6,15}$/;

/** Exactly one identity; normalised, salted and hashed (OB `sha256$`). */
export async function toRecipient(input: RecipientInput): Promise<Recipient> {
  const checks = new FieldChecks();
  const given = (['email', 'url', 'telephone'] as const).filter((k) => input[k] !== undefined);
  if (given.length !== 1) {
    checks.add('/recipient', 'give exactly one of email, url or telephone').throwIfAny();
  }
  const type: RecipientType = given[0]!;
  const identity = normaliseIdentity(type, input[type]!);
  if (type === 'email') checks.check(isEmail(identity), '/recipient/email', 'must be an email address');
  if (type === 'url') checks.check(isHttpUrl(identity), '/recipient/url', 'must be an http(s) URL');
  if (type === 'telephone') checks.check(E164ISH.test(identity), '/recipient/telephone', 'must be a phone number in international form, e.g. +15550102030');
  if (input.name !== undefined) checks.check(input.name.trim().length > 0, '/recipient/name', 'must not be blank');
  checks.throwIfAny();
  const salt = newSalt();
  return { type, identity, salt, hash: await hashIdentity(identity, salt), name: input.name?.trim() ?? null };
}
