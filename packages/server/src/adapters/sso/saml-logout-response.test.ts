import { createSign } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { SsoRefusal } from '../../domain/sso/ports.js';
import { validateRedirectLogoutResponse } from './saml-logout-response.js';
import { newSpSigningKey } from './sp-signing-key.js';

const SLO = 'https://badges.example/api/v1/session/sso/saml/c1/slo';
const IDP = 'https://idp.example/metadata';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
let key: { privateKey: string; certificate: string };

beforeAll(async () => {
  key = await newSpSigningKey('test-idp'); // any RSA key and certificate will do for the IdP's side
});

const xml = (over: { destination?: string | null; prolog?: string } = {}) =>
  `${over.prolog ?? ''}<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0" IssueInstant="${new Date().toISOString()}"${over.destination === null ? '' : ` Destination="${over.destination ?? SLO}"`} InResponseTo="_q1"><saml:Issuer>${IDP}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>`;

/** The redirect binding's query, signed over the parameters as encoded (`encode` may pick another legal encoding). */
function query(document: string, options: { sigAlg?: string; encode?: (v: string) => string; extra?: string; relayState?: string } = {}) {
  const encode = options.encode ?? encodeURIComponent;
  const parts = [`SAMLResponse=${encode(deflateRawSync(Buffer.from(document)).toString('base64'))}`, `RelayState=${encode(options.relayState ?? 'state one')}`, `SigAlg=${encode(options.sigAlg ?? RSA_SHA256)}`];
  const signature = createSign('RSA-SHA256').update(parts.join('&')).sign(key.privateKey, 'base64');
  return [...parts, `Signature=${encodeURIComponent(signature)}`, ...(options.extra ? [options.extra] : [])].join('&');
}

const check = (rawQuery: string) => validateRedirectLogoutResponse({ rawQuery, idpCertificate: key.certificate, idpEntityId: IDP, sloUrl: SLO, expectedRequestId: '_q1' });
const reason = (rawQuery: string) => {
  try {
    check(rawQuery);
    return 'accepted';
  } catch (error) {
    return error instanceof SsoRefusal ? error.reason : `threw ${String(error)}`;
  }
};

describe('a LogoutResponse by the HTTP-Redirect binding', () => {
  it('takes a signed answer, whatever legal URL encoding the IdP chose (the signature is over the octets received)', () => {
    expect(check(query(xml())).responseId).toBe('_r1');
    const plusForSpace = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');
    expect(reason(query(xml(), { encode: plusForSpace }))).toBe('accepted');
    // The certificate as bare base64 (how admins often paste it).
    const bare = key.certificate.replace(/-----[^-]+-----|\s+/g, '');
    expect(validateRedirectLogoutResponse({ rawQuery: query(xml()), idpCertificate: bare, idpEntityId: IDP, sloUrl: SLO, expectedRequestId: '_q1' }).responseId).toBe('_r1');
  });

  it('refuses a repeated parameter, another algorithm, a DTD, and a missing Destination', () => {
    expect(reason(query(xml(), { extra: 'SAMLResponse=AAAA' }))).toBe('saml-logout-invalid');
    expect(reason(query(xml(), { sigAlg: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1' }))).toBe('saml-logout-unsigned');
    expect(reason(query(xml({ prolog: '<!DOCTYPE x [<!ENTITY e "e">]>' })))).toBe('saml-logout-invalid');
    expect(reason(query(xml({ destination: null })))).toBe('saml-destination');
    expect(reason('')).toBe('saml-logout-invalid');
    expect(reason('SAMLResponse=%%%&SigAlg=x&Signature=y')).toBe('saml-logout-unsigned');
    expect(reason(`SAMLResponse=a&SigAlg=%E0%A4%A&Signature=y`)).toBe('saml-logout-invalid'); // malformed percent-encoding: refused, not thrown
    expect(reason(`SAMLResponse=a&SigAlg=${encodeURIComponent(RSA_SHA256)}&Signature=%E0%A4%A`)).toBe('saml-logout-signature');
  });

  it('refuses an answer whose inflated size is past the cap (a deflate bomb)', () => {
    const bomb = xml().replace('<samlp:Status>', `<samlp:Extensions>${' '.repeat(200_000)}</samlp:Extensions><samlp:Status>`);
    expect(reason(query(bomb))).toBe('saml-logout-invalid');
  });
});
