import type { Ob2Links } from '@laurel/core';
import type { PublicUrls } from '../../domain/deps.js';

/** Absolute public URLs, all derived from LAUREL_BASE_URL. */
export interface PublicLinks extends Ob2Links, PublicUrls {
  base: string;
}

/** did:web for a base URL and path segments: host (port percent-encoded) then the path, ':'-joined. */
export function didWebFor(baseUrl: string, ...segments: string[]): string {
  const url = new URL(baseUrl);
  const host = url.port ? `${url.hostname}%3A${url.port}` : url.hostname;
  const path = url.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', host, ...path, ...segments].join(':');
}

export function publicLinks(baseUrl: string): PublicLinks {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    base,
    issuer: (id) => `${base}/ob2/issuers/${id}`,
    badge: (id) => `${base}/ob2/badges/${id}`,
    assertion: (id) => `${base}/ob2/assertions/${id}`,
    badgeImage: (id) => `${base}/ob2/badges/${id}/image`,
    ob2Issuer: (id) => `${base}/ob2/issuers/${id}`,
    ob2Badge: (id) => `${base}/ob2/badges/${id}`,
    ob2Assertion: (id) => `${base}/ob2/assertions/${id}`,
    ob3Credential: (id) => `${base}/ob3/credentials/${id}`,
    ob3Achievement: (id) => `${base}/ob3/achievements/${id}`,
    ob2CryptographicKey: (keyId) => `${base}/ob2/keys/${keyId}`,
    ob2RevocationList: (issuerId) => `${base}/ob2/issuers/${issuerId}/revocations`,
    jwk: (keyId) => `${base}/keys/${keyId}.jwk`,
    statusList: (issuerId, purpose, keyId) => `${base}/status/${issuerId}/${purpose}${keyId ? `/${keyId}` : ''}`,
    vcStatusList: (issuerId, purpose, keyId) => `${base}/status/${issuerId}/vc/${purpose}${keyId ? `/${keyId}` : ''}`,
    didWeb: (issuerId) => didWebFor(base, 'issuers', issuerId),
    publicCredentialPage: (id) => `${base}/credentials/${id}`,
    claim: (token) => `${base}/claim/${token}`,
    unsubscribe: (token) => `${base}/unsubscribe/${token}`,
    oneClickUnsubscribe: (token) => `${base}/unsubscribe/${token}`,
    activateAccount: (token) => `${base}/activate/${token}`,
    joinOrganisation: (token) => `${base}/join/${token}`,
    verifyAddress: (token) => `${base}/verify-address/${token}`,
    signInLink: (token) => `${base}/magic/${token}`,
    walletIssuer: (issuerId) => `${base}/oid4vci/issuers/${issuerId}`,
    walletAuthorizationServer: () => `${base}/oid4vci`,
    walletOffer: (token) => `${base}/oid4vci/offers/${token}`,
    walletExchange: (token) => `${base}/exchanges/${token}`,
    issuerLogo: (issuerId) => `${base}/issuers/${encodeURIComponent(issuerId)}/logo.png`,
    changeEmail: (token) => `${base}/change-email/${token}`,
    accountPage: () => `${base}/account`,
    credentialRefresh: (id) => `${base}/ob3/credentials/${id}/refresh`,
    backpackPage: () => `${base}/backpack`,
    claimCodePage: (code) => `${base}/claim-code/${code}`,
    claimCodeConfirm: (token) => `${base}/claim-code/confirm/${token}`,
    ob3Endorsement: (id) => `${base}/ob3/endorsements/${id}`,
    ob3ReceivedEndorsement: (id) => `${base}/ob3/endorsements/received/${id}`,
    ob3Issuer: (issuerId) => `${base}/ob3/issuers/${issuerId}`,
    evidenceFile: (id) => `${base}/evidence/${id}`,
  };
}
