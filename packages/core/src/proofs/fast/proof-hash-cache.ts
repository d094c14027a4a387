import type { DocumentLoader } from '../../contexts/document-loader.js';
import { contextsOf, sameContexts } from './contexts-of.js';
import { Lru } from '../../lru.js';

interface Entry {
  hash: Uint8Array;
  /** The context documents the hash was made with: the entry serves only while the loader gives the same. */
  documents: ReadonlyMap<string, unknown>;
}

/**
 * SHA-256 digests of canonical proof configurations, by their JSON. A bulk award signs many
 * credentials with the same `@context`, `created` second and verification method: their proof
 * configuration, and so its canonical form and digest, is the same.
 */
export class ProofHashCache {
  private readonly entries: Lru<string, Promise<Entry>>;

  constructor(max = 256) {
    this.entries = new Lru(max);
  }

  /** The digest of `config`, computed by `make` (canonicalise, then hash) when not cached for the same contexts. */
  async get(config: Record<string, unknown>, documentLoader: DocumentLoader, make: () => Promise<Uint8Array>): Promise<Uint8Array> {
    const key = JSON.stringify(config);
    const cached = this.entries.get(key);
    if (cached) {
      const entry = await cached.catch(() => undefined);
      if (entry && (await sameContexts(entry.documents, documentLoader))) return entry.hash;
    }
    const fresh = (async (): Promise<Entry> => {
      const { documents } = await contextsOf(config, documentLoader);
      return { hash: await make(), documents };
    })();
    this.entries.set(key, fresh);
    fresh.catch(() => this.entries.get(key) === fresh && this.entries.delete(key));
    return (await fresh).hash;
  }
}
