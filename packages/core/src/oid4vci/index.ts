export { HOLDER_BINDING_METHODS, HOLDER_PROOF_ALGS, PROOF_JWT_TYPE, didJwkOf, verifyHolderProof, type HolderProof, type HolderProofExpectations } from './holder-proof.js';
