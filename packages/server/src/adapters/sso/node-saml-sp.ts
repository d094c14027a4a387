import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile } from '@node-saml/node-saml';
import { validateRedirectLogoutResponse } from './saml-logout-response.js';
import { newSpSigningKey } from './sp-signing-key.js';
import { SsoRefusal, type AssertedIdentity, type SamlServiceProvider, type SsoConnection, type SsoUrls } from '../../domain/sso/ports.js';

const SAML_ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
const SAML_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';

/** A cache that knows one request id: the one this sign-in sent (kept in the database, so any instance can finish it). */
function oneRequest(expected: string | null, saved: (id: string) => void): CacheProvider {
  return {
    saveAsync: async (key, value) => (saved(key), { value, createdAt: Date.now() }),
    getAsync: async (key) => (expected !== null && key === expected ? new Date().toISOString() : null),
    removeAsync: async (key) => key,
  };
}

function textOf(parent: XmlElement, ns: string, name: string): string | null {
  const node = parent.getElementsByTagNameNS(ns, name)[0];
  return node?.textContent?.trim() ?? null;
}

/**
 * Laurel as a SAML 2.0 service provider over @node-saml/node-saml: AuthnRequests by HTTP-Redirect,
 * responses by HTTP-POST to the connection's ACS. Signed assertions are required (an unsigned one, or
 * one signed by another key, is refused even inside a signed response); audience, time conditions and
 * InResponseTo are checked by node-saml, and here in addition: the assertion's Issuer, the Response's
 * Destination and the SubjectConfirmationData Recipient must name this connection's ACS.
 */
export function nodeSamlServiceProvider(urls: SsoUrls): SamlServiceProvider {
  function saml(connection: SsoConnection, cache: CacheProvider, signingKey?: string): SAML {
    const s = connection.saml;
    if (!s) throw new SsoRefusal('not-saml', 'this connection is not a SAML one');
    return new SAML({
      callbackUrl: urls.samlAcs(connection.id),
      logoutCallbackUrl: urls.samlSlo(connection.id),
      entryPoint: s.ssoUrl,
      issuer: urls.samlEntityId(connection.id),
      audience: urls.samlEntityId(connection.id),
      idpCert: s.idpCertificate,
      idpIssuer: s.idpEntityId,
      ...(s.sloUrl ? { logoutUrl: s.sloUrl } : {}),
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: false,
      validateInResponseTo: ValidateInResponseTo.always,
      cacheProvider: cache,
      requestIdExpirationPeriodMs: 10 * 60 * 1000,
      acceptedClockSkewMs: 60_000,
      maxAssertionAgeMs: 10 * 60 * 1000,
      disableRequestedAuthnContext: true,
      identifierFormat: null,
      ...(signingKey ? { privateKey: signingKey, signatureAlgorithm: 'sha256' as const } : {}),
    });
  }

  return {
    metadata(connection, signingKey) {
      // During a key rotation both certificates are published: the next before it signs, the previous until retired.
      const certificates = [connection.spCertificate, connection.spNextCertificate, connection.spPreviousCertificate].filter((c): c is string => Boolean(c));
      const xml = saml(connection, oneRequest(null, () => undefined), signingKey).generateServiceProviderMetadata(null, signingKey ? certificates : null);
      // node-saml publishes the SLO endpoint for HTTP-POST (LogoutRequests); LogoutResponses come back by HTTP-Redirect.
      return xml.replace(/(<SingleLogoutService Binding="urn:oasis:names:tc:SAML:2\.0:bindings:HTTP-POST" Location="([^"]*)"\/>)/, '$1<SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="$2"/>');
    },
    async logoutRequest(connection, person, relayState, signingKey) {
      if (!connection.saml?.sloUrl) throw new SsoRefusal('no-slo-url', 'the IdP has no Single Logout URL configured');
      let requestId: string | undefined;
      const sp = saml(connection, oneRequest(null, (id) => (requestId = id)), signingKey);
      const url = await sp.getLogoutUrlAsync({ issuer: urls.samlEntityId(connection.id), nameID: person.nameId, nameIDFormat: person.nameIdFormat ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified', ...(person.sessionIndex ? { sessionIndex: person.sessionIndex } : {}) }, relayState, {});
      if (!requestId) throw new Error('node-saml made no request id');
      return { url, requestId };
    },
    async validateLogoutResponse(connection, rawQuery, expectedRequestId) {
      const s = connection.saml;
      if (!s) throw new SsoRefusal('not-saml', 'this connection is not a SAML one');
      return validateRedirectLogoutResponse({ rawQuery, idpCertificate: s.idpCertificate, idpEntityId: s.idpEntityId, sloUrl: urls.samlSlo(connection.id), expectedRequestId });
    },
    newSigningKey: (connectionId) => newSpSigningKey(connectionId),
    async authnRequest(connection, relayState, signingKey) {
      let requestId: string | undefined;
      const url = await saml(connection, oneRequest(null, (id) => (requestId = id)), signingKey).getAuthorizeUrlAsync(relayState, undefined, {});
      if (!requestId) throw new Error('node-saml made no request id');
      return { url, requestId };
    },
    async validateLogoutRequest(connection, samlRequest) {
      let nameId: string | undefined;
      let requestId: string | undefined;
      try {
        const { profile } = await saml(connection, oneRequest(null, () => undefined)).validatePostRequestAsync({ SAMLRequest: samlRequest });
        requestId = typeof profile?.ID === 'string' ? profile.ID : undefined;
        nameId = profile?.nameID;
      } catch (error) {
        throw new SsoRefusal('saml-logout-invalid', 'the LogoutRequest was refused', { cause: error });
      }
      // node-saml verified the signature over the whole document (its root): read the rest from the same bytes.
      const request = new DOMParser().parseFromString(Buffer.from(samlRequest, 'base64').toString('utf8'), 'text/xml').documentElement;
      if (!request || request.localName !== 'LogoutRequest' || request.namespaceURI !== SAML_PROTOCOL || !nameId || !requestId) throw new SsoRefusal('saml-logout-invalid', 'not a LogoutRequest');
      const destination = request.getAttribute('Destination');
      if (destination && destination !== urls.samlSlo(connection.id)) throw new SsoRefusal('saml-destination', 'the LogoutRequest is meant for another destination');
      const issued = Date.parse(request.getAttribute('IssueInstant') ?? '');
      const now = Date.now();
      if (!Number.isFinite(issued) || issued > now + 60_000 || issued < now - 10 * 60_000) throw new SsoRefusal('saml-logout-stale', 'the LogoutRequest is too old or from the future');
      return { requestId, nameId, expiresAt: new Date(issued + 11 * 60_000).toISOString() };
    },
    async validate(connection, samlResponse, expectedRequestId) {
      let profile: Profile | null;
      try {
        ({ profile } = await saml(connection, oneRequest(expectedRequestId, () => undefined)).validatePostResponseAsync({ SAMLResponse: samlResponse }));
      } catch (error) {
        throw new SsoRefusal('saml-invalid', 'the SAML response was refused', { cause: error });
      }
      const xml = profile?.getAssertionXml?.();
      if (!profile || !xml) throw new SsoRefusal('saml-no-assertion', 'the SAML response holds no assertion');
      // The assertion node-saml verified (its signed bytes), not the rest of the document.
      const assertion = new DOMParser().parseFromString(xml, 'text/xml').documentElement;
      if (!assertion || assertion.localName !== 'Assertion') throw new SsoRefusal('saml-no-assertion', 'the SAML response holds no assertion');
      const acs = urls.samlAcs(connection.id);
      if (textOf(assertion, SAML_ASSERTION, 'Issuer') !== connection.saml!.idpEntityId) throw new SsoRefusal('saml-issuer', 'the assertion comes from another identity provider');
      const confirmation = assertion.getElementsByTagNameNS(SAML_ASSERTION, 'SubjectConfirmationData')[0];
      if (!confirmation || confirmation.getAttribute('Recipient') !== acs) throw new SsoRefusal('saml-recipient', 'the assertion is meant for another recipient');
      const destination = new DOMParser().parseFromString(Buffer.from(samlResponse, 'base64').toString('utf8'), 'text/xml').getElementsByTagNameNS(SAML_PROTOCOL, 'Response')[0]?.getAttribute('Destination');
      if (destination && destination !== acs) throw new SsoRefusal('saml-destination', 'the response is meant for another destination');
      const assertionId = assertion.getAttribute('ID');
      const conditions = assertion.getElementsByTagNameNS(SAML_ASSERTION, 'Conditions')[0];
      const notOnOrAfter = conditions?.getAttribute('NotOnOrAfter') || confirmation.getAttribute('NotOnOrAfter');
      if (!assertionId || !notOnOrAfter) throw new SsoRefusal('saml-incomplete', 'the assertion has no ID or no expiry');

      const attribute = (name: string): string[] => {
        const v = profile[name];
        return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
      };
      const emailSource = connection.saml!.emailAttribute;
      const email = (emailSource ? attribute(emailSource)[0] : (profile.email ?? profile.mail ?? profile.nameID)) as string | undefined;
      const identity: AssertedIdentity = {
        subject: profile.nameID,
        email: email?.trim().toLowerCase() ?? null,
        // The organisation's own IdP answers for its own domains (checked against the connection's domains).
        emailVerified: true,
        name: attribute('displayName')[0] ?? attribute('name')[0] ?? null,
        roleValues: attribute(connection.roleClaim),
        mfa: false,
        ...(profile.nameIDFormat ? { nameIdFormat: profile.nameIDFormat } : {}),
        ...(typeof profile.sessionIndex === 'string' ? { sessionIndex: profile.sessionIndex } : {}),
      };
      return { ...identity, assertionId, notOnOrAfter: new Date(notOnOrAfter).toISOString() };
    },
  };
}
