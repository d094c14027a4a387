/**
 * The test vectors the W3C Data Integrity suites (vc-di-eddsa, vc-di-ecdsa, vc-di-ed25519signature2020,
 * through w3c-ccg/data-integrity-test-suite-assertion) make at test time to check a verifier: a credential
 * signed by a did:key of their own, then copies signed with one thing wrong (unknown proof type or
 * cryptosuite, no or a bad verification method, no or a wrong proof purpose, a bad `created`, times
 * without an offset). As there, every vector is signed by Digital Bazaar's libraries with a key made now;
 * only the proof options given to the signer change, so each vector carries a valid signature over its
 * own (wrong) proof. Nothing of the suites' code is used: the mutations are written here after their
 * generators' names and the statements that use them.
 */
import { createHash } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as ecdsaJcs2019 from '@digitalbazaar/ecdsa-jcs-2019-cryptosuite';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import * as ecdsaSd2023 from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { Ed25519VerificationKey2020 } from '@digitalbazaar/ed25519-verification-key-2020';
import * as eddsaJcs2022 from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import type { JsonObject } from '@laurel/core';
import jsigs from 'jsonld-signatures';
import { suiteLoader } from './suite-endpoints.js';

type Signer = { id: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
/** What a suite instance exposes that the vectors change (Digital Bazaar's `DataIntegrityProof` / `Ed25519Signature2020`). */
type MutableSuite = {
  type: string;
  cryptosuite?: string;
  verificationMethod?: string;
  date?: string | Date;
  proof?: JsonObject;
  canonize?(input: JsonObject, options: JsonObject): Promise<string>;
  canonizeProof?(proof: JsonObject, options: JsonObject): Promise<string>;
  createVerifyData?(options: { document: JsonObject; proof: JsonObject; documentLoader: unknown }): Promise<Uint8Array>;
};

/** A JSON serialization with sorted keys: a canonicalization that is not URDNA2015 (the suite names its vector "canonizeJcs"). */
const sortedJson = (value: unknown): string =>
  Array.isArray(value) ? `[${value.map(sortedJson).join(',')}]` : typeof value === 'object' && value !== null ? `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${sortedJson((value as JsonObject)[k])}`).join(',')}}` : JSON.stringify(value);

/** Ed25519Signature2020 with SHA-512 in place of SHA-256 over the URDNA2015 proof options and document (the suite's "digestSha512"). */
function sha512VerifyData(s: MutableSuite): void {
  const canonize = s.canonize!.bind(s);
  const canonizeProof = s.canonizeProof!.bind(s);
  s.createVerifyData = async ({ document, proof, documentLoader }) => {
    const [p, d] = await Promise.all([canonizeProof(proof, { document, documentLoader }), canonize(document, { documentLoader })]);
    return new Uint8Array([...createHash('sha512').update(p).digest(), ...createHash('sha512').update(d).digest()]);
  };
}

export type ProfileName = 'eddsa-rdfc-2022' | 'eddsa-jcs-2022' | 'ecdsa-rdfc-2019 P-256' | 'ecdsa-rdfc-2019 P-384' | 'ecdsa-jcs-2019 P-256' | 'ecdsa-jcs-2019 P-384' | 'ecdsa-sd-2023' | 'Ed25519Signature2020';

/** A key of the suite's own: a did:key, the verification method its proofs name, and a signing suite. */
export interface SuiteKey {
  did: string;
  verificationMethod: string;
  /** A fresh signing suite (Digital Bazaar's), so that a vector's changes never leak into the next. */
  suite(): MutableSuite;
  /** ecdsa-sd-2023: the holder's derivation (Digital Bazaar's disclose cryptosuite) after signing. */
  derive?(base: JsonObject): Promise<JsonObject>;
  /** Contexts the credential needs for this proof type. */
  contexts: string[];
}

const ED2020_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1';
const withId = (signer: Signer, id: string): Signer => ({ id, algorithm: signer.algorithm, sign: (input) => signer.sign(input) });

export async function suiteKey(profile: ProfileName, mandatoryPointers: string[] = ['/issuer']): Promise<SuiteKey> {
  if (profile === 'Ed25519Signature2020') {
    const key = await Ed25519VerificationKey2020.generate();
    const did = `did:key:${key.publicKeyMultibase}`;
    const vm = `${did}#${key.publicKeyMultibase}`;
    return { did, verificationMethod: vm, contexts: [ED2020_CONTEXT], suite: () => new Ed25519Signature2020({ signer: withId(key.signer() as Signer, vm) }) as unknown as MutableSuite };
  }
  const ecdsa = profile.startsWith('ecdsa');
  const curve = profile.endsWith('P-384') ? 'P-384' : 'P-256';
  const key = ecdsa ? await EcdsaMultikey.generate({ curve }) : await Ed25519Multikey.generate();
  const did = `did:key:${key.publicKeyMultibase}`;
  const vm = `${did}#${key.publicKeyMultibase}`;
  const signer = () => withId(key.signer() as Signer, vm);
  const cryptosuite = (): unknown => {
    if (profile === 'eddsa-rdfc-2022') return eddsaRdfc2022;
    if (profile === 'eddsa-jcs-2022') return eddsaJcs2022.createSignCryptosuite();
    if (profile.startsWith('ecdsa-rdfc-2019')) return ecdsaRdfc2019;
    if (profile.startsWith('ecdsa-jcs-2019')) return ecdsaJcs2019.createSignCryptosuite();
    return ecdsaSd2023.createSignCryptosuite({ mandatoryPointers });
  };
  const sk: SuiteKey = { did, verificationMethod: vm, contexts: [], suite: () => new DataIntegrityProof({ signer: signer(), cryptosuite: cryptosuite() }) as unknown as MutableSuite };
  if (profile === 'ecdsa-sd-2023') {
    sk.derive = async (base) => {
      const derive = (jsigs as unknown as { derive(d: unknown, o: unknown): Promise<JsonObject> }).derive;
      const disclose = ecdsaSd2023.createDiscloseCryptosuite({ selectivePointers: ['/credentialSubject'] });
      return derive(base, { suite: new DataIntegrityProof({ cryptosuite: disclose }), purpose: new jsigs.purposes.AssertionProofPurpose(), documentLoader: suiteLoader() });
    };
  }
  return sk;
}

/** The proof purpose the signer puts in the proof, with `then` run on the finished proof options (before signing). */
function purpose(term = 'assertionMethod', then: (proof: JsonObject) => void = () => {}) {
  const p = new jsigs.purposes.AssertionProofPurpose() as unknown as { term: string; update(proof: JsonObject, o: unknown): Promise<JsonObject> };
  p.term = term;
  const update = p.update.bind(p);
  p.update = async (proof, o) => {
    const updated = await update(proof, o);
    then(updated);
    return updated;
  };
  return p;
}

const noOffset = () => new Date().toISOString().replace(/\.\d+Z$/, '');

/** Each vector: what to change on the signing suite, and the purpose to sign with. */
const VECTORS = {
  issuedVc: {},
  invalidProofType: { suite: (s: MutableSuite) => void (s.type = 'UnknownProofType') },
  invalidCryptosuite: { suite: (s: MutableSuite) => void (s.cryptosuite = 'UnknownCryptosuite') },
  noVm: { purpose: () => purpose('assertionMethod', (p) => delete p.verificationMethod) },
  invalidVm: { suite: (s: MutableSuite) => void (s.verificationMethod = 'did:key:invalidVm') },
  noProofPurpose: { purpose: () => purpose('assertionMethod', (p) => delete p.proofPurpose) },
  invalidProofPurpose: { purpose: () => purpose('capabilityDelegation') },
  invalidCreated: { suite: (s: MutableSuite) => void (s.date = 'invalidDate') },
  noOffsetCreated: { suite: (s: MutableSuite) => void (s.date = noOffset()) },
  noOffsetExpires: { suite: (s: MutableSuite) => void (s.proof = { expires: noOffset() }) },
  noCreated: { purpose: () => purpose('assertionMethod', (p) => delete p.created) },
  // Ed25519Signature2020 only (tests/20-ed25519-verify.js).
  canonizeJcs: { suite: (s: MutableSuite) => void (s.canonize = async (input) => sortedJson(input)), only: 'Ed25519Signature2020' },
  digestSha512: { suite: sha512VerifyData, only: 'Ed25519Signature2020' },
} satisfies Record<string, { suite?: (s: MutableSuite) => void; purpose?: () => unknown; only?: ProfileName }>;

export type VectorName = keyof typeof VECTORS;

/** The change of a vector, made to a finished proof. */
const POST_SIGNING: Partial<Record<VectorName, (proof: JsonObject) => void>> = {
  invalidProofType: (p) => void (p.type = 'UnknownProofType'),
  invalidCryptosuite: (p) => void (p.cryptosuite = 'UnknownCryptosuite'),
  noVm: (p) => void delete p.verificationMethod,
  invalidVm: (p) => void (p.verificationMethod = 'did:key:invalidVm'),
  noProofPurpose: (p) => void delete p.proofPurpose,
  invalidProofPurpose: (p) => void (p.proofPurpose = 'capabilityDelegation'),
  invalidCreated: (p) => void (p.created = 'invalidDate'),
};

export interface Vectors {
  key: SuiteKey;
  /** Vectors the library would not sign as asked, so changed on a signed proof instead. */
  changedAfterSigning: VectorName[];
  /** A fresh copy of a vector. */
  clone(name: VectorName): JsonObject;
}

/**
 * Every vector for `profile`, signed over `credential` (its issuer set to the suite's did:key). For
 * ecdsa-sd-2023 the holder derives each signed base proof, as the suite's verifier tests receive them.
 * When the library will not sign or derive as asked, the change is made to a good proof instead
 * (`changedAfterSigning`): either way the verifier gets a proof with that one thing wrong.
 */
export async function makeVectors(profile: ProfileName, credential: JsonObject): Promise<Vectors> {
  const v1 = (credential['@context'] as unknown[])[0] === 'https://www.w3.org/2018/credentials/v1';
  // ecdsa-sd-2023: the issuer and (VC 1.1) the issuance date are always disclosed, the subject selected.
  const key = await suiteKey(profile, v1 ? ['/issuer', '/issuanceDate'] : ['/issuer']);
  const unsigned: JsonObject = { ...structuredClone(credential), issuer: key.did };
  if (key.contexts.length) unsigned['@context'] = [...(unsigned['@context'] as string[]), ...key.contexts];
  // VC 1.1: the issuance date Digital Bazaar's `vc.issue` adds when the credential has none.
  if (v1 && unsigned.issuanceDate === undefined) {
    unsigned.issuanceDate = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  }
  const made = new Map<VectorName, JsonObject>();
  const changedAfterSigning: VectorName[] = [];
  for (const [name, vector] of Object.entries(VECTORS) as Array<[VectorName, { suite?: (s: MutableSuite) => void; purpose?: () => unknown; only?: ProfileName }]>) {
    if (vector.only && vector.only !== profile) continue;
    const sign = async (change: boolean) => {
      const suite = key.suite();
      if (change) vector.suite?.(suite);
      const signed = await jsigs.sign(structuredClone(unsigned), { suite, purpose: ((change && vector.purpose?.()) || purpose()) as never, documentLoader: suiteLoader() });
      return key.derive ? key.derive(signed) : signed;
    };
    try {
      made.set(name, await sign(true));
    } catch (error) {
      // The library refuses to sign (or derive from) this proof: an undefined proof type cannot be
      // canonized in JSON-LD safe mode, a base proof of another type cannot be derived from. The same
      // change is then made to a good proof, whose signature it also breaks.
      const change = POST_SIGNING[name];
      if (!change) throw new Error(`${profile} ${name}: ${String(error)}`);
      const doc = await sign(false);
      change(doc.proof as JsonObject);
      made.set(name, doc);
      changedAfterSigning.push(name);
    }
  }
  return { key, changedAfterSigning, clone: (name) => structuredClone(made.get(name)!) };
}
