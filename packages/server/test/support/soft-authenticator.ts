/**
 * A WebAuthn authenticator in software, written from the W3C WebAuthn Level 2 spec (§6.1 authenticator data,
 * §6.5 attestation objects, §8.7 "none" attestation, §5.8.1 client data), independent of Laurel's code: it
 * answers `navigator.credentials.create/get` options with the JSON a browser sends (what
 * @simplewebauthn/browser posts), signing with ES256 keys of node:crypto. Tests use it as the other side, and
 * to forge: another origin, another challenge, another credential.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { encode } from 'cborg';

export interface SoftCredential {
  id: Buffer;
  privateKey: KeyObject;
  userHandle: string | undefined;
  signCount: number;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();
const b64url = (data: Buffer) => data.toString('base64url');
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
};

const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = [];
  constructor(
    readonly origin: string,
    readonly rpId = new URL(origin).hostname,
  ) {}

  /** Answer creation options (`PublicKeyCredentialCreationOptionsJSON`); `override` forges parts. */
  create(options: { challenge: string; user?: { id: string } }, override: { origin?: string; challenge?: string; rpId?: string } = {}) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = encode(
      new Map<number, number | Uint8Array>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
    const id = randomBytes(16);
    const authData = Buffer.concat([sha256(override.rpId ?? this.rpId), Buffer.from([UP | UV | AT]), u32(0), Buffer.alloc(16), u16(id.length), id, Buffer.from(cose)]);
    const attestationObject = encode(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]));
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: override.challenge ?? options.challenge, origin: override.origin ?? this.origin, crossOrigin: false }));
    this.credentials.push({ id, privateKey, userHandle: options.user?.id, signCount: 0 });
    return {
      id: b64url(id),
      rawId: b64url(id),
      type: 'public-key',
      response: { clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(Buffer.from(attestationObject)), transports: ['internal'] },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** Answer request options (`PublicKeyCredentialRequestOptionsJSON`) with a credential it holds (the allowed one, else the first). */
  get(
    options: { challenge: string; allowCredentials?: { id: string }[] },
    override: { origin?: string; challenge?: string; rpId?: string; credential?: SoftCredential; userVerified?: boolean } = {},
  ) {
    const allowed = new Set((options.allowCredentials ?? []).map((c) => c.id));
    const credential = override.credential ?? this.credentials.find((c) => allowed.has(b64url(c.id))) ?? this.credentials[0];
    if (!credential) throw new Error('no credential');
    credential.signCount += 1;
    const flags = UP | (override.userVerified === false ? 0 : UV);
    const authenticatorData = Buffer.concat([sha256(override.rpId ?? this.rpId), Buffer.from([flags]), u32(credential.signCount)]);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: override.challenge ?? options.challenge, origin: override.origin ?? this.origin, crossOrigin: false }));
    const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), credential.privateKey);
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authenticatorData),
        signature: b64url(signature),
        ...(credential.userHandle ? { userHandle: credential.userHandle } : {}),
      },
      clientExtensionResults: {},
    };
  }
}
