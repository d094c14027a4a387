import { fromBase64Url } from '../status/base64url.js';
import { isObject } from './json.js';
import { isAcceptedJwsAlg, webCryptoJwsVerifier, type JwsAlgorithm, type JwsVerifier } from './jws-verifier.js';

const SEGMENT = /^[A-Za-z0-9_-]*$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const ascii = new TextEncoder();

/** The header extensions Laurel understands in `crit` (RFC 7515 § 4.1.11): only `b64`, and only as `true`. */
const RECOGNIZED_CRITICAL = new Set(['b64']);

/** Why the protected header breaks a JWS rule (`crit`, `b64`), or undefined. */
function headerProblem(header: Record<string, unknown>): string | undefined {
  const crit = header.crit;
  if (crit !== undefined) {
    if (!Array.isArray(crit) || crit.length === 0 || crit.some((c) => typeof c !== 'string' || c === '')) return 'crit must be a non-empty array of non-empty strings';
    if (new Set(crit).size !== crit.length) return 'crit must not repeat a value';
    for (const name of crit as string[]) {
      if (!RECOGNIZED_CRITICAL.has(name)) return `the critical header parameter ${name} is not understood`;
      if (header[name] === undefined) return `the critical header parameter ${name} is missing`;
    }
  }
  if (header.b64 !== undefined) {
    if (typeof header.b64 !== 'boolean') return 'b64 must be a boolean';
    // RFC 7797: b64 is only meaningful when critical; an unencoded payload is never a credential.
    if (header.b64 === false) return 'unencoded payloads (b64: false) are not accepted';
  }
  return undefined;
}

/** The signed parts of a compact JWS and its header, or why it is not one. */
function splitCompact(jws: string): { signingInput: string; header: Record<string, unknown>; signature: Uint8Array } | string {
  const text = jws.trim();
  const first = text.indexOf('.');
  const second = first < 0 ? -1 : text.indexOf('.', first + 1);
  if (second < 0 || text.indexOf('.', second + 1) >= 0) return 'not a compact JWS (three segments)';
  const [h, p, s] = [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
  if (h === '' || !SEGMENT.test(h) || !SEGMENT.test(p) || !SEGMENT.test(s)) return 'a JWS segment is not base64url';
  let header: unknown;
  try {
    header = JSON.parse(strictUtf8.decode(fromBase64Url(h)));
  } catch {
    return 'the protected header is not JSON';
  }
  if (!isObject(header)) return 'the protected header is not a JSON object';
  let signature: Uint8Array;
  try {
    signature = fromBase64Url(s);
  } catch {
    return 'the signature is not base64url';
  }
  return { signingInput: text.slice(0, second), header, signature };
}

/**
 * Checks the signature of a compact JWS with `key` (imported by `importJwsKey` for `alg`): the JWS
 * rules (three base64url segments, a JSON object header whose `alg` is `alg` and one of the accepted
 * asymmetric algorithms, `crit` / `b64`) here, then the bytes by the host's primitive. Returns
 * undefined when the signature holds, else why not.
 */
export async function jwsSignatureProblem(jws: string, key: unknown, alg: JwsAlgorithm, verifier: JwsVerifier = webCryptoJwsVerifier): Promise<string | undefined> {
  const parts = splitCompact(jws);
  if (typeof parts === 'string') return parts;
  const { header, signingInput, signature } = parts;
  if (header.alg !== alg || !isAcceptedJwsAlg(header.alg)) return `the header's alg ${String(header.alg)} is not ${alg}`;
  const problem = headerProblem(header);
  if (problem) return problem;
  const holds = await verifier.verify(alg, key, ascii.encode(signingInput), signature);
  return holds ? undefined : 'signature verification failed';
}
