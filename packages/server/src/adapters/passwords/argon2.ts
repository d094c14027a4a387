import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '../../domain/organisations/ports.js';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane. Algorithm 2 = Argon2id.
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function argon2Hasher(options: Partial<typeof OPTIONS> = {}): PasswordHasher {
  const o = { ...OPTIONS, ...options };
  return {
    hash: (password) => hash(password, o),
    verify: async (stored, password) => {
      try {
        return await verify(stored, password);
      } catch {
        return false;
      }
    },
  };
}
