/**
 * Per format: Laurel's sign and verify against the bare reference libraries doing the same work
 * on the same documents (@digitalbazaar/vc with DataIntegrityProof + eddsa-rdfc-2022 and the
 * bundled offline loader; jose SignJWT/jwtVerify and CompactSign/compactVerify).
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import {
  buildControllerDocument,
  buildOb2Assertion,
  buildOb2BadgeClass,
  buildOb2Issuer,
  buildOb2RevocationList,
  buildOpenBadgeCredential,
  createDocumentLoader,
  createEd25519Signer,
  generateEd25519KeyPair,
  generateRsaKeyPair,
  importRsaPrivateKey,
  importRsaPublicKey,
  publicJwkToPem,
  signDataIntegrity,
  signOb2Assertion,
  signVcJwt,
  vcJwtClaims,
  verifyCredential,
  type JsonObject,
  type VerifyOptions,
} from '@laurel/core';
import { CompactSign, SignJWT, compactVerify, jwtVerify } from 'jose';
import { nodeEd25519Importer } from '../packages/server/src/adapters/keys/node-ed25519-signer.js';
import { nodeJwsVerifier } from '../packages/server/src/adapters/keys/node-jws-verifier.js';
import { sampleAchievement, sampleAward, sampleIssuer } from '../packages/core/src/ob3/test-data.js';
import { benchJwtShapes } from './jwt-shapes.js';
import { cpuNote, sequentialCpu, verifyWarmup } from './cpu-per-op.js';
import { sequential } from './measure.js';
import type { Row } from './table.js';

const ISSUER_DID = 'did:web:bench.example:issuers:1';
const ED_VM = `${ISSUER_DID}#ed-1`;
const RSA_KID = `${ISSUER_DID}#rsa-1`;
const OB2 = 'https://bench.example/ob2';
const ob2Links = {
  issuer: (id: string) => `${OB2}/issuers/${id}`,
  badge: (id: string) => `${OB2}/badges/${id}`,
  assertion: (id: string) => `${OB2}/assertions/${id}`,
  badgeImage: (id: string) => `${OB2}/badges/${id}/image`,
  publicKeys: () => [`${OB2}/keys/rsa-1`],
  revocationList: (id: string) => `${OB2}/issuers/${id}/revocations`,
};

/** The n-th award of one achievement: every per-credential value differs, as in production. */
function award(n: number) {
  return {
    ...sampleAward,
    id: `cred-${n}`,
    issuedOn: new Date(Date.UTC(2026, 0, 1, 0, 0, Math.abs(n) % 86_400)).toISOString().replace('.000', ''),
    narrative: `Completed attempt ${n}`,
    evidence: [{ id: `https://bench.example/evidence/${n}`, name: 'Project', narrative: `Built thing ${n}` }],
    recipient: { ...sampleAward.recipient, identityHash: `sha256$${Math.abs(n).toString(16).padStart(64, '0')}`, salt: `salt-${n}` },
  };
}

function ob3(n: number): JsonObject {
  const links = { credential: `https://bench.example/ob3/credentials/cred-${n}`, issuer: ISSUER_DID, achievement: 'https://bench.example/ob3/achievements/ach1' };
  return buildOpenBadgeCredential({ issuer: sampleIssuer, achievement: sampleAchievement, award: award(n), links }) as JsonObject;
}

export interface FormatsConfig {
  iterations: { di: number; jws: number };
  warmup: number;
}

export async function benchFormats(config: FormatsConfig): Promise<{ rows: Row[]; referenceDiSign: number }> {
  const [ed, rsa] = await Promise.all([generateEd25519KeyPair(), generateRsaKeyPair()]);
  const didDocument = buildControllerDocument({ id: ISSUER_DID, multikeys: [{ id: ED_VM, publicKeyMultibase: ed.publicKeyMultibase }], jsonWebKeys: [{ id: RSA_KID, publicJwk: rsa.publicJwk }] });
  // The bundled offline loader, plus the issuer's DID document (a verifier would resolve did:web).
  const documentLoader = createDocumentLoader({ extra: { [ISSUER_DID]: didDocument } });
  const privateKey = await importRsaPrivateKey(rsa.privateJwk);
  const publicKey = await importRsaPublicKey(rsa.publicJwk);
  const hosted = new Map<string, unknown>([
    [ob2Links.issuer('iss1'), buildOb2Issuer(sampleIssuer, ob2Links)],
    [ob2Links.badge('ach1'), buildOb2BadgeClass(sampleAchievement, ob2Links)],
    [`${OB2}/keys/rsa-1`, { '@context': 'https://w3id.org/openbadges/v2', type: 'CryptographicKey', id: `${OB2}/keys/rsa-1`, owner: ob2Links.issuer('iss1'), publicKeyPem: await publicJwkToPem(rsa.publicJwk) }],
    [ob2Links.revocationList('iss1'), buildOb2RevocationList({ id: ob2Links.revocationList('iss1'), issuer: ob2Links.issuer('iss1'), revoked: [] })],
  ]);
  const hostedJson = new Map([...hosted].map(([url, doc]) => [url, JSON.stringify(doc)]));
  const verifyOptions: VerifyOptions = {
    documentLoader,
    now: () => new Date('2026-06-01T00:00:00Z'),
    // A fetch yields the document's JSON text, parsed afresh each time (as an HTTP response body is).
    fetchJson: async (url) => {
      const text = hostedJson.get(url);
      return text === undefined ? undefined : JSON.parse(text);
    },
    // The signature primitive the server passes (node:crypto's synchronous verify).
    jwsVerifier: nodeJwsVerifier,
  };
  const laurelSigner = await createEd25519Signer(ed, ED_VM);
  // The signer the server's key cache makes (node:crypto); the reference keeps the WebCrypto one.
  const serverSigner = await createEd25519Signer(ed, ED_VM, { importKey: nodeEd25519Importer });
  const now = () => new Date('2026-01-02T03:04:05Z');
  const { iterations, warmup } = config;
  const rows: Row[] = [];
  const ok = (report: { valid: boolean; checks: unknown[] }) => {
    if (!report.valid) throw new Error(`Laurel did not verify: ${JSON.stringify(report.checks)}`);
  };

  // OB 3.0 Data Integrity (eddsa-rdfc-2022).
  const diSigned: JsonObject[] = [];
  const refDiSigned: JsonObject[] = [];
  const refSign = await sequentialCpu(iterations.di, warmup, async (i) => {
    const signed = await vc.issue({ credential: ob3(i), suite: new DataIntegrityProof({ signer: laurelSigner, cryptosuite: eddsaRdfc2022, date: now() }), documentLoader });
    if (i >= 0) refDiSigned[i] = signed;
  });
  const laurelSign = await sequentialCpu(iterations.di, warmup, async (i) => {
    const signed = await signDataIntegrity(ob3(i), { signer: serverSigner, documentLoader, now });
    if (i >= 0) diSigned[i] = signed;
  });
  const refVerify = await sequential(iterations.di, warmup, async (i) => {
    const result = await vc.verifyCredential({ credential: diSigned[Math.max(i, 0)], suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), documentLoader, now: verifyOptions.now() });
    if (!result.verified) throw new Error(`reference did not verify: ${JSON.stringify(result.error)}`);
  });
  const laurelVerify = await sequential(iterations.di, warmup, async (i) => ok(await verifyCredential(refDiSigned[Math.max(i, 0)]!, verifyOptions)));
  rows.push({ what: 'OB 3.0 Data Integrity: sign', laurel: laurelSign.perSecond, reference: refSign.perSecond, note: `Laurel: the server's node:crypto Ed25519 signer; reference: WebCrypto key imported once; ${cpuNote(laurelSign, refSign)}` });
  rows.push({ what: 'OB 3.0 Data Integrity: verify', laurel: laurelVerify.perSecond, reference: refVerify.perSecond, note: 'Laurel: full report (structure, validity, issuer key); cross-verified' });

  // OB 3.0 VC-JWT (RS256).
  const jwts: string[] = [];
  const refJwtSign = await sequential(iterations.jws, warmup, async (i) => {
    const credential = ob3(i);
    await new SignJWT({ ...credential, ...vcJwtClaims(credential) }).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: RSA_KID }).sign(privateKey);
  });
  const laurelJwtSign = await sequential(iterations.jws, warmup, async (i) => {
    const jwt = await signVcJwt(ob3(i), { privateKey, kid: RSA_KID, documentLoader });
    if (i >= 0) jwts[i] = jwt;
  });
  const refJwtVerify = await sequentialCpu(iterations.jws, verifyWarmup(warmup), async (i) => jwtVerify(jwts[Math.max(i, 0)]!, publicKey, { algorithms: ['RS256'], currentDate: verifyOptions.now() }));
  const laurelJwtVerify = await sequentialCpu(iterations.jws, verifyWarmup(warmup), async (i) => ok(await verifyCredential(jwts[Math.max(i, 0)]!, verifyOptions)));
  rows.push({ what: 'OB 3.0 VC-JWT: sign', laurel: laurelJwtSign.perSecond, reference: refJwtSign.perSecond, note: 'Laurel also refuses undefined terms' });
  rows.push({ what: 'OB 3.0 VC-JWT: verify', laurel: laurelJwtVerify.perSecond, reference: refJwtVerify.perSecond, note: `Laurel: full report (kid via DID, claims, validity); ${cpuNote(laurelJwtVerify, refJwtVerify)}` });

  // OB 2.0 signed assertion (JWS RS256).
  const jwss: string[] = [];
  const assertion = (i: number) => buildOb2Assertion(award(i), ob2Links, { type: 'signed', creator: `${OB2}/keys/rsa-1` }) as JsonObject;
  const refJwsSign = await sequential(iterations.jws, warmup, async (i) => new CompactSign(new TextEncoder().encode(JSON.stringify(assertion(i)))).setProtectedHeader({ alg: 'RS256' }).sign(privateKey));
  const laurelJwsSign = await sequential(iterations.jws, warmup, async (i) => {
    const jws = await signOb2Assertion(assertion(i), { privateKey, creator: `${OB2}/keys/rsa-1`, documentLoader });
    if (i >= 0) jwss[i] = jws;
  });
  const refJwsVerify = await sequentialCpu(iterations.jws, verifyWarmup(warmup), async (i) => compactVerify(jwss[Math.max(i, 0)]!, publicKey));
  const laurelJwsVerify = await sequentialCpu(iterations.jws, verifyWarmup(warmup), async (i) => ok(await verifyCredential(jwss[Math.max(i, 0)]!, verifyOptions)));
  rows.push({ what: 'OB 2.0 JWS: sign', laurel: laurelJwsSign.perSecond, reference: refJwsSign.perSecond, note: 'Laurel also refuses undefined terms' });
  rows.push({ what: 'OB 2.0 JWS: verify', laurel: laurelJwsVerify.perSecond, reference: refJwsVerify.perSecond, note: `Laurel: full report (key owner, badge, issuer, revocation list); ${cpuNote(laurelJwsVerify, refJwsVerify)}` });

  // The other JWT shapes and SD-JWT VC (RS256, the same issuer key).
  rows.push(...(await benchJwtShapes({ iterations: iterations.jws, warmup, credential: ob3, issuer: ISSUER_DID, kid: RSA_KID, privateKey, publicKey, verifyOptions })));
  return { rows, referenceDiSign: refSign.perSecond };
}
