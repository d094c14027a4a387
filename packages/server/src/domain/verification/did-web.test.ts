import { describe, expect, it } from 'vitest';
import { didWebResolver, didWebUrl } from './did-web.js';
import type { RemoteDocuments } from './ports.js';

describe('did:web', () => {
  it('maps DIDs to their document URLs as the did:web spec says', () => {
    expect(didWebUrl('did:web:example.com')).toBe('https://example.com/.well-known/did.json');
    expect(didWebUrl('did:web:w3c-ccg.github.io:user:alice')).toBe('https://w3c-ccg.github.io/user/alice/did.json');
    expect(didWebUrl('did:web:example.com%3A3000:issuers:7')).toBe('https://example.com:3000/issuers/7/did.json');
    for (const bad of ['did:key:z6Mk', 'did:web:', 'did:web:exa mple.com', 'did:web:example.com:..:etc', 'did:web:example.com/x', 'did:web:a%2Fb', 'did:web:example.com:a::b', 'did:web:example.com:%2e%2e:issuers:7', 'did:web:example.com:.%2E', 'did:web:example.com:a%2Fb', 'did:web:example.com:a%5cb', 'did:web:example.com:%zz']) {
      expect(didWebUrl(bad), bad).toBeUndefined();
    }
  });

  it('resolves through the remote port and refuses a document for another DID', async () => {
    const served = new Map<string, unknown>([
      ['https://example.com/.well-known/did.json', { id: 'did:web:example.com' }],
      ['https://example.com/other/did.json', { id: 'did:web:attacker.example' }],
    ]);
    const requested: string[] = [];
    const remote: RemoteDocuments = {
      getJson: async (url) => {
        requested.push(url);
        return served.has(url) ? { ok: true, url, json: served.get(url) } : { ok: false, reason: `${url} answered HTTP 404`, status: 404 };
      },
      getResource: async () => ({ ok: false, reason: 'unused' }),
    };
    const resolve = didWebResolver(remote);
    expect(await resolve('did:web:example.com')).toEqual({ id: 'did:web:example.com' });
    await expect(resolve('did:web:example.com:other')).rejects.toThrow(/is for did:web:attacker.example/);
    await expect(resolve('did:web:example.com:missing')).rejects.toThrow(/404/);
    expect(await resolve('did:example:123')).toBeUndefined();
    expect(requested).toEqual(['https://example.com/.well-known/did.json', 'https://example.com/other/did.json', 'https://example.com/missing/did.json']);
  });
});
