import { Worker } from 'node:worker_threads';
import { SigningError, type SigningErrorCode } from '@laurel/core';
import type { CredentialDocument, CredentialSigner } from '../../domain/credentials/ports.js';
import type { BatchSigner, SignBatchInput } from '../../domain/bulk/ports.js';
import type { IssuerKeyRepo, KeyVault, SigningKeysProvider } from '../../domain/keys/ports.js';
import type { Clock } from '../../domain/shared/ports.js';
import { openKeyGeneration } from './key-material.js';
import { generationOf, type FromWorker, type SignInput, type ToWorker, type WorkerData, type WorkerFailure } from './messages.js';

export interface SigningPoolOptions {
  /** Worker threads (at least 1). */
  workers: number;
  baseUrl: string;
  /** Names the issuer's active key generation (and imports it in this thread, once). */
  signingKeys: SigningKeysProvider;
  issuerKeys: Pick<IssuerKeyRepo, 'listForIssuer'>;
  vault: KeyVault;
  clock: Clock;
}

export interface SigningPool extends CredentialSigner, BatchSigner {
  readonly size: number;
  close(): Promise<void>;
}

interface Pending {
  resolve(documents: CredentialDocument[] | CredentialDocument[][]): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Generations posted to this worker, by issuer (one live generation per issuer). */
  generations: Map<string, Promise<string>>;
}

/**
 * Built, the worker is worker.js. From sources (tsx, vitest) it is worker.ts: Node 20 does not
 * apply `--import tsx` to a worker's entry, so a one-line bootstrap registers tsx, then imports it.
 */
function spawnWorker(data: WorkerData): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { workerData: data });
  const entry = new URL('./worker.ts', import.meta.url).href;
  // Resolved from this file where the runtime can (Node); else from the working directory.
  const tsx = typeof import.meta.resolve === 'function' ? import.meta.resolve('tsx/esm/api') : 'tsx/esm/api';
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: data, execArgv: ['--conditions=source'] });
}

function rebuildError(error: WorkerFailure): Error {
  if (error.name === 'SigningError' && error.code) return new SigningError(error.code as SigningErrorCode, error.message);
  return new Error(`signing worker: ${error.message}`);
}

/**
 * A `CredentialSigner` on worker threads, so signing uses every core while this thread serves
 * HTTP and the database. Each worker gets an issuer's key generation once (opened here from the
 * vault, posted, dropped) and signs with the in-process code path. Workers start on first use and
 * do not keep the process alive while idle; a crashed worker fails its requests and is replaced.
 */
export function createSigningPool(options: SigningPoolOptions): SigningPool {
  if (!Number.isInteger(options.workers) || options.workers < 1) throw new RangeError('a signing pool needs at least one worker');
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  const start = (index: number): Slot => {
    const slot: Slot = { worker: spawnWorker({ baseUrl: options.baseUrl }), pending: new Map(), generations: new Map() };
    slot.worker.unref();
    slot.worker.on('message', (reply: FromWorker) => {
      const waiting = slot.pending.get(reply.id);
      if (!waiting) return;
      slot.pending.delete(reply.id);
      if (slot.pending.size === 0) slot.worker.unref();
      if (reply.type === 'signed' || reply.type === 'signed-batch') waiting.resolve(reply.documents);
      else waiting.reject(rebuildError(reply.error));
    });
    const fail = (error: Error): void => {
      for (const waiting of slot.pending.values()) waiting.reject(error);
      slot.pending.clear();
      if (!closed && slots[index] === slot) slots[index] = start(index);
    };
    slot.worker.on('error', (error) => fail(new Error(`signing worker failed: ${error.message}`)));
    slot.worker.on('exit', (code) => fail(new Error(`signing worker exited (${code})`)));
    return slot;
  };

  let cursor = 0;
  /** The least busy worker, ties taken in turn (so every worker warms up). */
  const pick = (): Slot => {
    while (slots.length < options.workers) slots.push(start(slots.length));
    cursor = (cursor + 1) % slots.length;
    let best = slots[cursor]!;
    for (let k = 1; k < slots.length; k++) {
      const slot = slots[(cursor + k) % slots.length]!;
      if (slot.pending.size < best.pending.size) best = slot;
    }
    return best;
  };

  /** Posts the issuer's current generation to the worker once; forgets the one it replaces. */
  const ensureKeys = async (slot: Slot, input: Pick<SignInput, 'issuer'>, generation: string, identity: Awaited<ReturnType<SigningKeysProvider['forIssuer']>>) => {
    const issuerId = input.issuer.id;
    const known = slot.generations.get(issuerId);
    if (known && (await known) === generation) return;
    const posted = (async () => {
      const keys = await openKeyGeneration({ keys: options.issuerKeys, vault: options.vault }, issuerId, identity);
      slot.worker.postMessage({ type: 'keys', keys } satisfies ToWorker);
      return generation;
    })();
    slot.generations.set(issuerId, posted);
    posted.catch(() => slot.generations.delete(issuerId));
    await posted;
    if (known) {
      const previous = await known.catch(() => undefined);
      if (previous && previous !== generation) slot.worker.postMessage({ type: 'forget', generation: previous } satisfies ToWorker);
    }
  };

  return {
    get size() {
      return options.workers;
    },
    async sign(input) {
      if (closed) throw new Error('the signing pool is closed');
      const identity = await options.signingKeys.forIssuer(input.issuer);
      const generation = generationOf(identity.ed25519KeyId, identity.rsaKeyId);
      const slot = pick();
      await ensureKeys(slot, input, generation, identity);
      const id = nextId++;
      return new Promise<CredentialDocument[]>((resolve, reject) => {
        slot.pending.set(id, { resolve: resolve as Pending['resolve'], reject });
        if (slot.pending.size === 1) slot.worker.ref();
        const message: ToWorker = { type: 'sign', id, generation, input, now: options.clock.now().toISOString() };
        slot.worker.postMessage(message);
      });
    },
    /**
     * A bulk chunk: split in one part per worker, each part one message (what the credentials share sent once
     * per part) and one reply, instead of a message and a reply per credential.
     */
    async signBatch(input) {
      if (closed) throw new Error('the signing pool is closed');
      if (input.credentials.length === 0) return [];
      const identity = await options.signingKeys.forIssuer(input.issuer);
      const generation = generationOf(identity.ed25519KeyId, identity.rsaKeyId);
      const parts = Math.min(options.workers, input.credentials.length);
      const size = Math.ceil(input.credentials.length / parts);
      const signPart = async (credentials: SignBatchInput['credentials']): Promise<CredentialDocument[][]> => {
        const slot = pick();
        await ensureKeys(slot, input, generation, identity);
        const id = nextId++;
        return new Promise<CredentialDocument[][]>((resolve, reject) => {
          slot.pending.set(id, { resolve: resolve as Pending['resolve'], reject });
          if (slot.pending.size === 1) slot.worker.ref();
          const message: ToWorker = { type: 'sign-batch', id, generation, input: { ...input, credentials }, now: options.clock.now().toISOString() };
          slot.worker.postMessage(message);
        });
      };
      const signed = await Promise.all(Array.from({ length: Math.ceil(input.credentials.length / size) }, (_, i) => signPart(input.credentials.slice(i * size, (i + 1) * size))));
      return signed.flat();
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}
