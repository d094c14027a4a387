import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_CONTEXTS } from './bundled.js';
import { BUNDLED_CONTEXT_DIGESTS, type DigestAlgorithm } from './digests.js';

/** The workspace's installed packages (npm hoists them to the root). */
const packageDir = (name: string) => new URL(`../../../../node_modules/${name}/`, import.meta.url).pathname;
const here = new URL('.', import.meta.url).pathname;

/** The file each digested context is bundled from. */
const FILES: Record<string, string> = {
  'https://www.w3.org/2018/credentials/v1': join(packageDir('@digitalbazaar/credentials-context'), 'contexts/v1.jsonld'),
  'https://www.w3.org/ns/credentials/v2': join(packageDir('@digitalbazaar/credentials-context'), 'contexts/v2.jsonld'),
  'https://www.w3.org/ns/credentials/undefined-terms/v2': join(packageDir('@digitalbazaar/credentials-context'), 'contexts/undefined-terms-v2.jsonld'),
  'https://www.w3.org/ns/credentials/examples/v2': join(here, 'credentials-examples-v2.json'),
  'https://w3id.org/security/data-integrity/v1': join(packageDir('@digitalbazaar/data-integrity-context'), 'contexts/data-integrity-v1.jsonld'),
  'https://w3id.org/security/data-integrity/v2': join(packageDir('@digitalbazaar/data-integrity-context'), 'contexts/data-integrity-v2.jsonld'),
  'https://w3id.org/security/multikey/v1': join(packageDir('@digitalbazaar/multikey-context'), 'contexts/multikey-v1.jsonld'),
  'https://www.w3.org/ns/did/v1': join(packageDir('did-context'), 'contexts/did-v1.jsonld'),
  'https://w3id.org/openbadges/v2': join(here, 'ob2-context.json'),
  'https://w3id.org/openbadges/v2/': join(here, 'ob2-context.json'),
};

const NODE_ALGORITHM: Record<DigestAlgorithm, string> = { sha256: 'sha256', sha384: 'sha384', sha512: 'sha512', 'sha3-256': 'sha3-256', 'sha3-384': 'sha3-384' };

describe('bundled context digests', () => {
  it('are the digests of the bytes each context is bundled from, computed now', () => {
    expect([...BUNDLED_CONTEXT_DIGESTS.keys()].sort()).toEqual(Object.keys(FILES).sort());
    for (const [url, digests] of BUNDLED_CONTEXT_DIGESTS) {
      const bytes = readFileSync(FILES[url]!);
      // The bytes are the very document the loader hands out.
      expect(JSON.parse(bytes.toString('utf8')), url).toEqual(BUNDLED_CONTEXTS.get(url));
      for (const [algorithm, name] of Object.entries(NODE_ALGORITHM)) {
        expect(digests[algorithm as DigestAlgorithm], `${url} ${algorithm}`).toBe(createHash(name).update(bytes).digest('base64'));
      }
    }
  });

  it('bundle the VC 2.0 examples context, as W3C publishes it', () => {
    expect(BUNDLED_CONTEXTS.get('https://www.w3.org/ns/credentials/examples/v2')).toEqual({ '@context': { '@vocab': 'https://www.w3.org/ns/credentials/examples#' } });
  });
});
