/**
 * Verify throughput of the other JWT shapes (VC DM 1.1 JWT with a `vc` claim, VC-JOSE-COSE
 * `vc+jwt`) against bare jose `compactVerify`, and of SD-JWT VC against `@sd-jwt/sd-jwt-vc`'s
 * verify (signature + disclosure digests), on the same documents, in the same run.
 */
import { createHash, randomBytes } from 'node:crypto';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { verifyCredential, type JsonObject, type VerifyOptions } from '@laurel/core';
import { CompactSign, compactVerify, type KeyObject } from 'jose';
import { cpuNote, sequentialCpu, verifyWarmup } from './cpu-per-op.js';
import { sequential } from './measure.js';
import type { Row } from './table.js';

export interface JwtShapesInput {
  iterations: number;
  warmup: number;
  /** An OB 3.0 credential per index, issued by `issuer` (whose DID document lists `kid`). */
  credential: (i: number) => JsonObject;
  issuer: string;
  kid: string;
  privateKey: CryptoKey | KeyObject;
  publicKey: CryptoKey | KeyObject;
  verifyOptions: VerifyOptions;
}

const seconds = (iso: unknown) => Math.floor(Date.parse(String(iso)) / 1000);

export async function benchJwtShapes(input: JwtShapesInput): Promise<Row[]> {
  const { iterations, warmup, credential, issuer, kid, privateKey, publicKey, verifyOptions } = input;
  const n = iterations + warmup;
  // Warm-up operations (i < 0) cycle through the `warmup` tokens made after the timed ones.
  const at = (i: number) => (i < 0 ? iterations + ((-1 - i) % warmup) : i);
  const ok = (report: { valid: boolean; checks: unknown[] }) => {
    if (!report.valid) throw new Error(`Laurel did not verify: ${JSON.stringify(report.checks)}`);
  };
  const sign = (payload: object, typ: string) => new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'RS256', typ, kid }).sign(privateKey);
  const rows: Row[] = [];

  const shapes: Array<[what: string, make: (c: JsonObject) => Promise<string>]> = [
    ['VC 1.1 JWT (vc claim): verify', (c) => sign({ vc: c, iss: issuer, jti: c.id, nbf: seconds(c.validFrom) }, 'JWT')],
    ['VC-JOSE-COSE (vc+jwt): verify', (c) => sign(c, 'vc+jwt')],
  ];
  for (const [what, make] of shapes) {
    const tokens = await Promise.all(Array.from({ length: n }, (_, i) => make(credential(i))));
    const reference = await sequentialCpu(iterations, verifyWarmup(warmup), async (i) => compactVerify(tokens[at(i)]!, publicKey, { algorithms: ['RS256'] }));
    const laurel = await sequentialCpu(iterations, verifyWarmup(warmup), async (i) => ok(await verifyCredential(tokens[at(i)]!, verifyOptions)));
    rows.push({ what, laurel: laurel.perSecond, reference: reference.perSecond, note: `reference: jose compactVerify; Laurel: full report (kid via DID, claims, schema, validity); ${cpuNote(laurel, reference)}` });
  }

  const sdJwt = new SDJwtVcInstance({
    signer: async (data: string) => {
      const [h, p] = data.split('.') as [string, string];
      return (await new CompactSign(Buffer.from(p, 'base64url')).setProtectedHeader(JSON.parse(Buffer.from(h, 'base64url').toString())).sign(privateKey)).split('.')[2]!;
    },
    signAlg: 'RS256',
    verifier: async (data: string, signature: string) => {
      await compactVerify(`${data}.${signature}`, publicKey, { algorithms: ['RS256'] });
      return true;
    },
    hasher: async (data: string | ArrayBuffer, alg: string) => new Uint8Array(createHash(alg.replace('-', '')).update(typeof data === 'string' ? data : Buffer.from(data)).digest()),
    hashAlg: 'sha-256',
    saltGenerator: async () => randomBytes(16).toString('base64url'),
  });
  const sdTokens = await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const c = credential(i);
      const claims = { iss: issuer, vct: 'https://bench.example/vct/badge', iat: seconds(c.validFrom), name: c.name, credentialSubject: c.credentialSubject };
      return sdJwt.issue(claims as never, { _sd: ['name', 'credentialSubject'], credentialSubject: { _sd: ['achievement', 'identifier'] } } as never, { header: { kid } });
    }),
  );
  const reference = await sequential(iterations, verifyWarmup(warmup), async (i) => sdJwt.verify(sdTokens[at(i)]!));
  const laurel = await sequential(iterations, verifyWarmup(warmup), async (i) => ok(await verifyCredential(sdTokens[at(i)]!, verifyOptions)));
  rows.push({ what: 'SD-JWT VC (dc+sd-jwt, 4 disclosures): verify', laurel: laurel.perSecond, reference: reference.perSecond, note: 'reference: @sd-jwt/sd-jwt-vc verify; Laurel: + issuer key via DID, unreferenced-disclosure refusal' });
  return rows;
}
