import { execFileSync } from 'node:child_process';
import { createSign, createVerify, randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { SignedXml } from 'xml-crypto';

/**
 * A SAML 2.0 identity provider for tests, independent of Laurel's SP library: responses are built by hand
 * and signed with xml-crypto (enveloped RSA-SHA256 signatures, exclusive c14n), with a key and self-signed
 * certificate made for the test by openssl.
 */
export interface SamlIdpKey {
  key: string;
  cert: string;
}

export function makeIdpKey(): SamlIdpKey {
  const dir = mkdtempSync(join(tmpdir(), 'laurel-saml-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=test-idp'], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the IdP reads of an HTTP-Redirect AuthnRequest: its ID and where it wants the answer. */
export function readAuthnRequest(redirectUrl: string): { id: string; relayState: string; acs: string | undefined } {
  const url = new URL(redirectUrl);
  const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest')!, 'base64')).toString('utf8');
  return { id: /\bID="([^"]+)"/.exec(xml)![1]!, relayState: url.searchParams.get('RelayState')!, acs: /AssertionConsumerServiceURL="([^"]+)"/.exec(xml)?.[1] };
}

export interface AssertionOptions {
  entityId: string;
  inResponseTo: string;
  acs: string;
  audience: string;
  email: string;
  groups?: string[];
  assertionId?: string;
  /** Seconds from now; negative for an expired assertion. */
  validForSeconds?: number;
  issuedSecondsAgo?: number;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function assertionXml(o: AssertionOptions): string {
  const now = Date.now() - (o.issuedSecondsAgo ?? 0) * 1000;
  const until = iso(Date.now() + (o.validForSeconds ?? 300) * 1000);
  const attributes = (o.groups ?? []).map((g) => `<saml:AttributeValue>${g}</saml:AttributeValue>`).join('');
  return (
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${o.assertionId ?? `_a${randomBytes(8).toString('hex')}`}" Version="2.0" IssueInstant="${iso(now)}">` +
    `<saml:Issuer>${o.entityId}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${o.email}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="${o.inResponseTo}" NotOnOrAfter="${until}" Recipient="${o.acs}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${iso(now - 60_000)}" NotOnOrAfter="${until}"><saml:AudienceRestriction><saml:Audience>${o.audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="_s${randomBytes(4).toString('hex')}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement><saml:Attribute Name="groups">${attributes}</saml:Attribute></saml:AttributeStatement>` +
    `</saml:Assertion>`
  );
}

export function responseXml(o: Pick<AssertionOptions, 'entityId' | 'inResponseTo' | 'acs'>, assertion: string): string {
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomBytes(8).toString('hex')}" Version="2.0" IssueInstant="${iso(Date.now())}" Destination="${o.acs}" InResponseTo="${o.inResponseTo}">` +
    `<saml:Issuer>${o.entityId}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    assertion +
    `</samlp:Response>`
  );
}

/** Signs the (only) Assertion in `xml` with an enveloped signature placed after its Issuer. */
export function signAssertion(xml: string, key: SamlIdpKey): string {
  const sig = new SignedXml({
    privateKey: key.key,
    publicCert: key.cert,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  sig.addReference({
    xpath: "//*[local-name(.)='Assertion']",
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, { location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' } });
  return sig.getSignedXml();
}

export const b64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');

/** The signing certificate an SP metadata document publishes (KeyDescriptor use="signing"), as PEM. */
export function signingCertificateOf(metadata: string): string | undefined {
  const descriptor = /<(?:\w+:)?KeyDescriptor[^>]*use="signing"[^>]*>([\s\S]*?)<\/(?:\w+:)?KeyDescriptor>/.exec(metadata)?.[1];
  const base64 = descriptor && /<(?:\w+:)?X509Certificate>([^<]+)</.exec(descriptor)?.[1]?.replace(/\s+/g, '');
  return base64 ? `-----BEGIN CERTIFICATE-----\n${base64.replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n` : undefined;
}

/**
 * What an IdP does with a signed HTTP-Redirect AuthnRequest (SAML Bindings §3.4.4.1), written here from the
 * specification with Node's crypto, not with the SP's library: the signed octets are `SAMLRequest=…&RelayState=…&SigAlg=…`
 * exactly as URL-encoded in the query, the signature is RSA-SHA256 under the SP's certificate.
 */
export function redirectSignatureValid(redirectUrl: string, certificate: string): boolean {
  const query = new URL(redirectUrl).search.slice(1);
  const raw = new Map(query.split('&').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as const));
  if (decodeURIComponent(raw.get('SigAlg') ?? '') !== 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256') return false;
  const signed = ['SAMLRequest', 'RelayState', 'SigAlg'].filter((k) => raw.has(k)).map((k) => `${k}=${raw.get(k)}`).join('&');
  const signature = Buffer.from(decodeURIComponent(raw.get('Signature') ?? ''), 'base64');
  return createVerify('RSA-SHA256').update(signed).verify(new X509Certificate(certificate).publicKey, signature);
}

/** An IdP-initiated LogoutRequest naming `nameId` (unsigned; see `signRoot`). */
export function logoutRequestXml(o: { entityId: string; destination: string; nameId: string; id?: string; issuedSecondsAgo?: number }): string {
  return (
    `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${o.id ?? `_l${randomBytes(8).toString('hex')}`}" Version="2.0" IssueInstant="${iso(Date.now() - (o.issuedSecondsAgo ?? 0) * 1000)}" Destination="${o.destination}">` +
    `<saml:Issuer>${o.entityId}</saml:Issuer>` +
    `<saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${o.nameId}</saml:NameID>` +
    `<samlp:SessionIndex>_s1</samlp:SessionIndex>` +
    `</samlp:LogoutRequest>`
  );
}

/** Signs the whole document (an enveloped signature over its root, after its Issuer), as IdPs sign LogoutRequests. */
export function signRoot(xml: string, key: SamlIdpKey): string {
  const sig = new SignedXml({ privateKey: key.key, publicCert: key.cert, signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#' });
  sig.addReference({ xpath: '/*', transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'], digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' });
  sig.computeSignature(xml, { location: { reference: "/*/*[local-name(.)='Issuer']", action: 'after' } });
  return sig.getSignedXml();
}

/** What the IdP reads of Laurel's HTTP-Redirect LogoutRequest. */
export function readLogoutRequest(redirectUrl: string): { id: string; relayState: string; destination: string | undefined; issuer: string | undefined; nameId: string | undefined; sessionIndex: string | undefined; xml: string } {
  const url = new URL(redirectUrl);
  const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest')!, 'base64')).toString('utf8');
  return {
    id: /\bID="([^"]+)"/.exec(xml)![1]!,
    relayState: url.searchParams.get('RelayState')!,
    destination: /\bDestination="([^"]+)"/.exec(xml)?.[1],
    issuer: /<(?:\w+:)?Issuer[^>]*>([^<]+)</.exec(xml)?.[1],
    nameId: /<(?:\w+:)?NameID[^>]*>([^<]+)</.exec(xml)?.[1],
    sessionIndex: /<(?:\w+:)?SessionIndex[^>]*>([^<]+)</.exec(xml)?.[1],
    xml,
  };
}

export interface LogoutResponseOptions {
  entityId: string;
  destination: string;
  inResponseTo: string;
  id?: string;
  status?: string;
  issuedSecondsAgo?: number;
}

export function logoutResponseXml(o: LogoutResponseOptions): string {
  return (
    `<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${o.id ?? `_lr${randomBytes(8).toString('hex')}`}" Version="2.0" IssueInstant="${iso(Date.now() - (o.issuedSecondsAgo ?? 0) * 1000)}" Destination="${o.destination}" InResponseTo="${o.inResponseTo}">` +
    `<saml:Issuer>${o.entityId}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${o.status ?? 'urn:oasis:names:tc:SAML:2.0:status:Success'}"/></samlp:Status>` +
    `</samlp:LogoutResponse>`
  );
}

/**
 * The IdP's answer by the HTTP-Redirect binding (SAML Bindings §3.4.4.1), from the specification with Node's
 * crypto: `SAMLResponse` is the deflated, base64 document; the signature (RSA-SHA256) is over
 * `SAMLResponse=…&RelayState=…&SigAlg=…` as URL-encoded. The query string to send to the SP (no `?`);
 * `key: null` leaves it unsigned.
 */
export function redirectLogoutResponse(xml: string, relayState: string | undefined, key: SamlIdpKey | null): string {
  const enc = encodeURIComponent;
  const parts = [`SAMLResponse=${enc(deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64'))}`];
  if (relayState !== undefined) parts.push(`RelayState=${enc(relayState)}`);
  if (!key) return parts.join('&');
  parts.push(`SigAlg=${enc('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256')}`);
  const signature = createSign('RSA-SHA256').update(parts.join('&')).sign(key.key, 'base64');
  return `${parts.join('&')}&Signature=${enc(signature)}`;
}
