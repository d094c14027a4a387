/** Context URLs Laurel emits or reads. All of them are bundled: nothing is fetched at run time. */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
/** The VC DM 2.0 examples context (`@vocab` only), which the W3C test suites' credentials use. */
export const VC_EXAMPLES_V2_CONTEXT = 'https://www.w3.org/ns/credentials/examples/v2';
export const OB3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const OB3_EXTENSIONS_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json';
export const OB2_CONTEXT_URL = 'https://w3id.org/openbadges/v2';
export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1';
export const DATA_INTEGRITY_V2_CONTEXT = 'https://w3id.org/security/data-integrity/v2';
export const JWS_2020_CONTEXT = 'https://w3id.org/security/suites/jws-2020/v1';

/**
 * The `@context` of every OB 3.0 credential Laurel issues, in this order. The extensions context
 * defines `1EdTechJsonSchemaValidator2019` (the `credentialSchema` type), which the 3.0.3 context
 * does not: without it the credential has an undefined term. The spec's complete examples do the same.
 */
export const OB3_CREDENTIAL_CONTEXTS = [VC_V2_CONTEXT, OB3_CONTEXT, OB3_EXTENSIONS_CONTEXT] as const;
