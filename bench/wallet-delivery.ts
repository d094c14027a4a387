/**
 * Credentials delivered to wallets: POST /oid4vci/issuers/:id/credential through buildApp(...).inject()
 * — the access token, the wallet's key proof (EdDSA, did:key), the c_nonce, the award signed again for
 * the holder, the audit entry. Nonces and proofs are made before the timed part (that is the wallet's work).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { buildApp } from '../packages/server/src/adapters/http/app.js';
import { BENCH_ISSUER, issueFixture } from './issue-fixture.js';
import { benchDeps, open } from './issue-path.js';
import { concurrent } from './measure.js';

export interface WalletDeliveryConfig {
  engine: 'sqlite' | 'postgres';
  databaseUrl?: string | undefined;
  format: 'ldp_vc' | 'jwt_vc_json';
  iterations: number;
  warmup: number;
  concurrency: number;
}

const BASE = 'https://bench.example';
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const base58 = (bytes: Buffer) => {
  let n = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  for (; n > 0n; n /= 58n) out = BASE58[Number(n % 58n)] + out;
  return out;
};

/** Credentials delivered per second, `concurrency` requests in flight; the failed requests. */
export async function benchWalletDelivery(config: WalletDeliveryConfig): Promise<{ perSecond: number; failures: string[] }> {
  const failures: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'laurel-bench-wallet-'));
  // `workers` only names the PostgreSQL schema here: apart from the issue path's (delivery signs in process).
  const { storage, drop } = await open({ ...config, workers: 90 }, dir);
  const deps = benchDeps(storage, dir);
  const app = await buildApp(deps, { logger: false });
  try {
    const { issuerId, achievementId, create } = await issueFixture(app, {
      issuer: BENCH_ISSUER,
      achievement: { kind: 'certificate', name: 'Benchmarked', description: 'Survived the benchmark', criteria: { narrative: 'Be issued' } },
    });
    const credential = await create('/api/v1/credentials', { achievementId, recipient: { email: 'learner@example.org', name: 'Learner' } });
    const offer = (await create<{ offers: Array<{ offerUri: string }> }>('/api/v1/wallet-offers', { credentialIds: [credential.id], txCode: false })).offers[0]!;
    const offerPath = new URL(decodeURIComponent(offer.offerUri.split('credential_offer_uri=')[1])).pathname;
    const code = (await app.inject({ method: 'GET', url: offerPath })).json().grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']['pre-authorized_code'];
    const token = await app.inject({
      method: 'POST',
      url: '/oid4vci/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': code }).toString(),
    });
    const auth = { authorization: `Bearer ${token.json().access_token}` };

    // The wallet's side, ahead of time: its did:key and one fresh nonce and signed proof per request.
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const multikey = `z${base58(Buffer.concat([Buffer.from([0xed, 0x01]), Buffer.from((await exportJWK(publicKey)).x!, 'base64url')]))}`;
    const audience = `${BASE}/oid4vci/issuers/${issuerId}`;
    // Each nonce asked for from its own address, as many wallets would: the endpoint allows one address 300 a minute.
    let asked = 0;
    const proofs = async (count: number) =>
      Promise.all(
        Array.from({ length: count }, async () => {
          const n = asked++;
          const answer = await app.inject({ method: 'POST', url: `/oid4vci/issuers/${issuerId}/nonce`, remoteAddress: `10.7.${(n >> 8) & 255}.${n & 255}` });
          if (answer.statusCode !== 200) throw new Error(`nonce endpoint: ${answer.statusCode} ${answer.body.slice(0, 200)}`);
          const nonce = answer.json().c_nonce;
          return new SignJWT({ aud: audience, iat: Math.floor(Date.now() / 1000), nonce }).setProtectedHeader({ alg: 'EdDSA', typ: 'openid4vci-proof+jwt', kid: `did:key:${multikey}#${multikey}` }).sign(privateKey);
        }),
      );
    const warm = await proofs(config.warmup);
    const timed = await proofs(config.iterations);
    const configurationId = `${achievementId}.${config.format}`;
    const deliver = async (i: number) => {
      const jwt = i < 0 ? warm[-1 - i]! : timed[i]!;
      const res = await app.inject({ method: 'POST', url: `/oid4vci/issuers/${issuerId}/credential`, headers: auth, payload: { credential_configuration_id: configurationId, proofs: { jwt: [jwt] } } });
      if (res.statusCode !== 200) failures.push(`${res.statusCode} ${res.body.slice(0, 200)}`);
    };
    const rate = await concurrent(config.iterations, config.warmup, config.concurrency, deliver);
    return { perSecond: rate.perSecond, failures };
  } finally {
    await app.close();
    await deps.untrusted.close();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
