import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createDocumentLoader } from '../loader/index.js';
import { verifyCredential } from './index.js';

const assets = join(dirname(fileURLToPath(import.meta.url)), '../../../../test-data/conformance/ob2-examples/1edtech-validator/assets');
const read = (file: string) => JSON.parse(readFileSync(join(assets, file), 'utf8'));
const options = { documentLoader: createDocumentLoader(), now: () => new Date('2026-01-01T00:00:00Z') };
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('documents that are not credentials', () => {
  it.each([
    ['badgeclass1.json', 'BadgeClass'],
    ['issuer1.json', 'Issuer'],
    ['organization.json', 'Issuer'],
    ['key1.json', 'CryptographicKey'],
    ['revocation-list.json', 'RevocationList'],
  ])('%s is reported as "not a credential: this is a %s", with its own format code', async (file, kind) => {
    const report = await verifyCredential(read(file), options);
    expect(report).toMatchObject({ valid: false, format: 'unknown' });
    expect(report.checks).toEqual([expect.objectContaining({ name: 'format', ok: false, code: 'format-not-a-credential', params: { kind } })]);
    expect(report.checks[0]!.reason).toMatch(new RegExp(`^not a credential: this is a ${kind}`));
    expect(report.credential).toBeUndefined();
  });

  it('also when signed as a compact JWS, and an OB 3.0 Achievement or Profile given alone', async () => {
    const jws = `${b64({ alg: 'RS256' })}.${b64(read('badgeclass1.json'))}.c2ln`;
    expect((await verifyCredential(jws, options)).checks[0]).toMatchObject({ code: 'format-not-a-credential', params: { kind: 'BadgeClass' } });
    const achievement = { '@context': ['https://www.w3.org/ns/credentials/v2'], id: 'https://example.org/a', type: ['Achievement'], name: 'A' };
    expect((await verifyCredential(achievement, options)).checks[0]).toMatchObject({ code: 'format-not-a-credential', params: { kind: 'Achievement' } });
  });

  it('a credential is never taken for one (its type says VerifiableCredential, or it has a subject)', async () => {
    const credential = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential', 'Profile'], issuer: 'did:example:1', credentialSubject: { id: 'did:example:2' } };
    expect((await verifyCredential(credential, options)).checks[0]).toMatchObject({ name: 'format', ok: true });
  });
});
