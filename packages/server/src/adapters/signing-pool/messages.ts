import type { Achievement } from '../../domain/achievements/ports.js';
import type { Credential, CredentialDocument } from '../../domain/credentials/ports.js';
import type { Issuer } from '../../domain/issuers/ports.js';
import type { SignBatchInput } from '../../domain/bulk/ports.js';

/**
 * An issuer's active key generation in plaintext: posted once to each worker, held there only as
 * imported key objects, never written anywhere nor logged.
 */
export interface KeyGeneration {
  /** `<ed25519KeyId>/<rsaKeyId>`: key rows are immutable, so this names the material for good. */
  generation: string;
  issuerDid: string;
  ed25519: { keyId: string; publicKeyMultibase: string; secretKeyMultibase: string };
  rsa: { keyId: string; privateJwk: Record<string, unknown> };
}

export interface SignInput {
  issuer: Issuer;
  achievement: Achievement;
  credential: Credential;
}

export type ToWorker =
  | { type: 'keys'; keys: KeyGeneration }
  | { type: 'forget'; generation: string }
  | { type: 'sign'; id: number; generation: string; input: SignInput; now: string }
  /** A bulk award's chunk: what the credentials share once, then each credential (one message, one reply). */
  | { type: 'sign-batch'; id: number; generation: string; input: SignBatchInput; now: string };

export interface WorkerFailure {
  name: string;
  message: string;
  code?: string | undefined;
}

export type FromWorker =
  | { type: 'signed'; id: number; documents: CredentialDocument[] }
  | { type: 'signed-batch'; id: number; documents: CredentialDocument[][] }
  | { type: 'failed'; id: number; error: WorkerFailure };

/** Data a worker starts with (no secrets). */
export interface WorkerData {
  baseUrl: string;
}

export function generationOf(ed25519KeyId: string, rsaKeyId: string): string {
  return `${ed25519KeyId}/${rsaKeyId}`;
}
