/**
 * CPU per eddsa-rdfc-2022 Data Integrity signature, in one process, alternating rounds (a loaded
 * machine moves wall-clock rates by 2×; CPU per signature far less):
 *   node --conditions=source --import tsx bench/di-sign.ts
 * Rows: the bare reference (`@digitalbazaar/vc` issue + DataIntegrityProof + eddsa-rdfc-2022, a
 * WebCrypto key imported once), Laurel's `signDataIntegrity` with core's WebCrypto signer, and with
 * the server's node:crypto signer. BENCH_BEFORE=/path/to/other/checkout/packages/core/src/proofs/data-integrity.ts
 * adds that checkout's `signDataIntegrity` (same signer) as a row, e.g. the commit before a change.
 * BENCH_N (signatures per round, default 400), BENCH_ROUNDS (default 7).
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { buildControllerDocument, buildOpenBadgeCredential, createDocumentLoader, createEd25519Signer, generateEd25519KeyPair, signDataIntegrity, type JsonObject } from '@laurel/core';
import { nodeEd25519Importer } from '../packages/server/src/adapters/keys/node-ed25519-signer.js';
import { sampleAchievement, sampleAward, sampleIssuer } from '../packages/core/src/ob3/test-data.js';

const ISSUER_DID = 'did:web:bench.example:issuers:1';
const ED_VM = `${ISSUER_DID}#ed-1`;
type Sign = typeof signDataIntegrity;

function ob3(n: number): JsonObject {
  const award = {
    ...sampleAward,
    id: `cred-${n}`,
    issuedOn: new Date(Date.UTC(2026, 0, 1, 0, 0, n % 86_400)).toISOString().replace('.000', ''),
    narrative: `Completed attempt ${n}`,
    evidence: [{ id: `https://bench.example/evidence/${n}`, name: 'Project', narrative: `Built thing ${n}` }],
    recipient: { ...sampleAward.recipient, identityHash: `sha256$${n.toString(16).padStart(64, '0')}`, salt: `salt-${n}` },
  };
  const links = { credential: `https://bench.example/ob3/credentials/cred-${n}`, issuer: ISSUER_DID, achievement: 'https://bench.example/ob3/achievements/ach1' };
  return buildOpenBadgeCredential({ issuer: sampleIssuer, achievement: sampleAchievement, award, links }) as JsonObject;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const n = Number(process.env.BENCH_N ?? 400);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
  const ed = await generateEd25519KeyPair();
  const documentLoader = createDocumentLoader({ extra: { [ISSUER_DID]: buildControllerDocument({ id: ISSUER_DID, multikeys: [{ id: ED_VM, publicKeyMultibase: ed.publicKeyMultibase }] }) } });
  const webCrypto = await createEd25519Signer(ed, ED_VM);
  const node = await createEd25519Signer(ed, ED_VM, { importKey: nodeEd25519Importer });
  const now = () => new Date('2026-01-02T03:04:05Z');
  const before = process.env.BENCH_BEFORE ? ((await import(process.env.BENCH_BEFORE)) as { signDataIntegrity: Sign }).signDataIntegrity : undefined;
  const documents = Array.from({ length: n }, (_, i) => ob3(i));
  const rows: Record<string, (document: JsonObject) => Promise<unknown>> = {
    'reference (@digitalbazaar/vc issue)': (document) => vc.issue({ credential: document, suite: new DataIntegrityProof({ signer: webCrypto, cryptosuite: eddsaRdfc2022, date: now() }), documentLoader }),
    ...(before ? { 'BENCH_BEFORE signDataIntegrity, WebCrypto signer': (document: JsonObject) => before(document, { signer: webCrypto, documentLoader, now }) } : {}),
    'signDataIntegrity, WebCrypto signer': (document) => signDataIntegrity(document, { signer: webCrypto, documentLoader, now }),
    'signDataIntegrity, node:crypto signer': (document) => signDataIntegrity(document, { signer: node, documentLoader, now }),
  };
  // Every row signs the same bytes.
  const proofs = await Promise.all(Object.values(rows).map(async (sign) => JSON.stringify((await sign(documents[0]!)) as JsonObject).match(/"proofValue":"(\w+)"/)?.[1]));
  if (new Set(proofs).size !== 1) throw new Error(`the rows sign differently: ${proofs.join(', ')}`);
  for (const sign of Object.values(rows)) for (let i = 0; i < 100; i++) await sign(documents[i % n]!);
  const cpu: Record<string, number[]> = {};
  const names = Object.keys(rows);
  for (let round = 0; round < rounds; round++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(j + round) % names.length]!;
      const start = process.cpuUsage();
      for (const document of documents) await rows[name]!(document);
      const used = process.cpuUsage(start);
      (cpu[name] ??= []).push((used.user + used.system) / n);
    }
  }
  const reference = median(cpu[names[0]!]!);
  console.log(`CPU per signature (all threads), median of ${rounds} alternating rounds of ${n}:`);
  for (const name of names) {
    const us = median(cpu[name]!);
    console.log(`  ${name.padEnd(52)} ${us.toFixed(0).padStart(6)} µs   ${(reference / us).toFixed(1).padStart(5)}× the reference`);
  }
}

await main();
