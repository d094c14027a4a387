import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type JsonWebKey } from 'node:crypto';

/** Why a JWT was refused; the launch turns it into a problem document. */
export class JwtRefused extends Error {}

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

function decodeJson(part: string | undefined, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // refused below
  }
  throw new JwtRefused(`the ${what} is not a JSON object`);
}

/** A fresh RSA key for one platform registration: the public JWK (with kid) and the private JWK as JSON. */
export function generateToolKey(kid: string): { publicJwk: JsonWebKey; privateJwkJson: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  return { publicJwk, privateJwkJson: JSON.stringify(privateKey.export({ format: 'jwk' })) };
}

/** An RS256 compact JWS of `claims`, signed with the tool's private key. */
export function signJwt(privateJwkJson: string, kid: string, claims: Record<string, unknown>): string {
  const key = createPrivateKey({ key: JSON.parse(privateJwkJson) as JsonWebKey, format: 'jwk' });
  const input = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

/** The header of a compact JWS, unverified (to choose the key). */
export function jwtHeader(token: string): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtRefused('the id_token is not a compact JWS');
  return decodeJson(parts[0], 'JWS header');
}

/** The claims of an RS256 JWS whose signature verifies under the key of `keys` named by its `kid`. */
export function verifyJwt(token: string, keys: readonly JsonWebKey[]): Record<string, unknown> {
  const header = jwtHeader(token);
  if (header.alg !== 'RS256') throw new JwtRefused('only RS256 id_tokens are accepted');
  const candidates = keys.filter((k) => k.kty === 'RSA' && (header.kid === undefined || (k as { kid?: unknown }).kid === header.kid));
  if (candidates.length === 0) throw new JwtRefused('no key of the platform\'s JWKS matches the id_token\'s kid');
  const [h, p, s] = token.split('.') as [string, string, string];
  const ok = candidates.some((jwk) => {
    try {
      const { kid: _k, alg: _a, use: _u, key_ops: _o, ...material } = jwk as Record<string, unknown>;
      return verify('sha256', Buffer.from(`${h}.${p}`), createPublicKey({ key: material as JsonWebKey, format: 'jwk' }), Buffer.from(s, 'base64url'));
    } catch {
      return false;
    }
  });
  if (!ok) throw new JwtRefused('the id_token\'s signature does not verify under the platform\'s keys');
  return decodeJson(p, 'JWT payload');
}
