import { X509Certificate, createPublicKey, verify } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';
import { SsoRefusal } from '../../domain/sso/ports.js';

const SAML_ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
const SAML_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const MAX_XML_BYTES = 64 * 1024;

const refuse = (reason: string, message: string, cause?: unknown): never => {
  throw new SsoRefusal(reason, message, { cause });
};

/** A certificate as configured (PEM, or base64 DER without armour) → its public key. */
export function publicKeyOfCertificate(certificate: string) {
  const pem = certificate.includes('BEGIN CERTIFICATE') ? certificate : `-----BEGIN CERTIFICATE-----\n${certificate.replace(/\s+/g, '').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
  try {
    return new X509Certificate(pem).publicKey;
  } catch {
    return createPublicKey(pem);
  }
}

/** The query's parameters as received (still URL-encoded: the signature is over those octets), each at most once. */
function rawParameters(rawQuery: string): Map<string, string> {
  const raw = new Map<string, string>();
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (raw.has(key)) refuse('saml-logout-invalid', `the parameter ${key} is repeated`);
    raw.set(key, eq < 0 ? '' : pair.slice(eq + 1));
  }
  return raw;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch (error) {
    return refuse('saml-logout-invalid', 'a parameter is not URL-encoded', error);
  }
}

/**
 * The IdP's LogoutResponse by the HTTP-Redirect binding (SAML Bindings §3.4.4.1), checked here from the
 * specification rather than by node-saml (which takes an unsigned redirect message): a signature is required,
 * RSA-SHA256 under the IdP's certificate over `SAMLResponse=…[&RelayState=…]&SigAlg=…` exactly as received;
 * the inflated document must be a LogoutResponse (no DTD) whose `Destination` is this SLO URL, `Issuer` the
 * IdP's entity id, `InResponseTo` the request Laurel sent, issued in the last ten minutes (60 s skew), and
 * whose status is Success.
 */
export function validateRedirectLogoutResponse(input: { rawQuery: string; idpCertificate: string; idpEntityId: string; sloUrl: string; expectedRequestId: string; now?: number }): { responseId: string; expiresAt: string } {
  const raw = rawParameters(input.rawQuery);
  const samlResponse = raw.get('SAMLResponse');
  const sigAlg = raw.get('SigAlg');
  const signature = raw.get('Signature');
  if (!samlResponse) return refuse('saml-logout-invalid', 'no SAMLResponse');
  if (!sigAlg || !signature) return refuse('saml-logout-unsigned', 'the LogoutResponse is not signed');
  if (decode(sigAlg) !== RSA_SHA256) return refuse('saml-logout-unsigned', 'the signature algorithm is not RSA-SHA256');
  const signed = ['SAMLResponse', 'RelayState', 'SigAlg'].filter((k) => raw.has(k)).map((k) => `${k}=${raw.get(k)}`).join('&');
  let valid = false;
  try {
    valid = verify('RSA-SHA256', Buffer.from(signed), publicKeyOfCertificate(input.idpCertificate), Buffer.from(decode(signature), 'base64'));
  } catch (error) {
    return refuse('saml-logout-signature', 'the signature could not be checked', error);
  }
  if (!valid) return refuse('saml-logout-signature', 'the LogoutResponse is not signed by the IdP');

  let xml: string;
  try {
    xml = inflateRawSync(Buffer.from(decode(samlResponse), 'base64'), { maxOutputLength: MAX_XML_BYTES }).toString('utf8');
  } catch (error) {
    return refuse('saml-logout-invalid', 'the LogoutResponse cannot be inflated', error);
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return refuse('saml-logout-invalid', 'a DTD is not accepted');
  const root = new DOMParser({ onError: () => undefined }).parseFromString(xml, 'text/xml').documentElement;
  if (!root || root.localName !== 'LogoutResponse' || root.namespaceURI !== SAML_PROTOCOL) return refuse('saml-logout-invalid', 'not a LogoutResponse');
  if (root.getAttribute('Destination') !== input.sloUrl) return refuse('saml-destination', 'the LogoutResponse is meant for another destination');
  const issuer = Array.from(root.childNodes).find((n) => n.nodeType === 1 && n.localName === 'Issuer' && n.namespaceURI === SAML_ASSERTION);
  if (issuer?.textContent?.trim() !== input.idpEntityId) return refuse('saml-issuer', 'the LogoutResponse comes from another identity provider');
  if (root.getAttribute('InResponseTo') !== input.expectedRequestId) return refuse('saml-logout-in-response-to', 'the LogoutResponse answers another request');
  const issued = Date.parse(root.getAttribute('IssueInstant') ?? '');
  const now = input.now ?? Date.now();
  if (!Number.isFinite(issued) || issued > now + 60_000 || issued < now - 10 * 60_000) return refuse('saml-logout-stale', 'the LogoutResponse is too old or from the future');
  const status = root.getElementsByTagNameNS(SAML_PROTOCOL, 'StatusCode')[0];
  if (status?.getAttribute('Value') !== SUCCESS) return refuse('saml-logout-status', 'the IdP did not end its session');
  const responseId = root.getAttribute('ID');
  if (!responseId) return refuse('saml-logout-invalid', 'the LogoutResponse has no ID');
  return { responseId, expiresAt: new Date(issued + 11 * 60_000).toISOString() };
}
