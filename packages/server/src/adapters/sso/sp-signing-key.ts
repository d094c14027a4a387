import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;
const pem = (label: string, der: ArrayBuffer) => `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;

/**
 * A SAML service provider's signing key: RSA 2048 (what IdPs accept everywhere) and a self-signed
 * certificate for it, valid ten years (SAML uses certificates only to carry the public key; IdPs pin it
 * from the SP metadata rather than checking a chain or dates).
 */
export async function newSpSigningKey(connectionId: string, now = new Date()): Promise<{ privateKey: string; certificate: string }> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1'),
      name: `CN=Laurel SAML SP ${connectionId.replace(/[^A-Za-z0-9-]/g, '')}`,
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(now.getTime() + 10 * 365 * 24 * 3600 * 1000),
      keys,
      signingAlgorithm: ALGORITHM,
    },
    webcrypto as unknown as Crypto,
  );
  return { privateKey: pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)), certificate: certificate.toString('pem') };
}
