/**
 * OB 2.0 forgeries: a victim issuer on one throwaway host, an attacker on another (both on 127.0.0.1,
 * different ports, both allow-listed), and the documents an attacker assembles to make a badge look
 * issued by the victim. Each forgery must be refused; the victim's own badges must still verify.
 */
import { hashIdentity, type JsonObject } from '@laurel/core';
import { CompactSign, exportSPKI, generateKeyPair } from 'jose';
import { json, startBadgeHost, type BadgeHost, type Handler } from './foreign-badges.js';

export const FORGERY_RECIPIENT = 'ada@example.org';
const OB2_CONTEXT = 'https://w3id.org/openbadges/v2';

const redirect =
  (location: string): Handler =>
  (_req, res) => {
    res.writeHead(302, { location });
    res.end();
  };

const text =
  (body: string, type = 'text/plain'): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  };

export interface Ob2Forgeries {
  victim: BadgeHost;
  attacker: BadgeHost;
  /** `host:port` of both hosts, for LAUREL_FETCH_ALLOW_HOSTS. */
  allowHosts: string[];
  /** The victim's own badges, which must stay valid. */
  genuine: { hostedUrl: string; jws: string };
  /** Hosted assertions (JSON, and the URL they are served at). */
  hosted: {
    /** Served by the attacker; its embedded issuer copy allows the attacker's origin. */
    embeddedIssuer: { url: string; doc: JsonObject };
    /** Served by the attacker; an embedded copy of the victim's badge class (another name), issued by the attacker. */
    embeddedBadge: { url: string; doc: JsonObject };
    /** Its id is the victim's URL, which redirects to the attacker's copy. */
    redirectedId: { url: string; doc: JsonObject };
    /** Served by the attacker; its badge class (no id) is embedded. */
    anonymousBadge: { url: string; doc: JsonObject };
  };
  /** Signed assertions (compact JWS). */
  signed: {
    /** Signed by the attacker; the embedded issuer copy lists the attacker's key, whose owner is the victim. */
    embeddedIssuer: string;
    /** The same, its URL (served as text/plain by the attacker). */
    embeddedIssuerUrl: string;
    /** Signed by the attacker with a key object embedded as creator (owner: the victim), badge class at the victim's. */
    embeddedKey: string;
    /** Signed by the attacker; the key claims the victim as owner but the victim does not list it. */
    unlistedKey: string;
    /** Signed by the victim and revoked in its list; the embedded issuer copy points at an empty list. */
    hiddenRevocation: string;
    /** Signed by the attacker; the badge class and issuer URLs are on the victim's host but redirect to the attacker. */
    redirectedIssuer: string;
    /** Signed by the attacker; the badge class at the attacker's points at an issuer served by the attacker under the victim's id. */
    issuerIdMismatch: string;
    /** The attacker's own, genuinely valid badge, whose embedded badge class copy names its issuer "Victim University". */
    ownWithVictimName: string;
  };
}

async function sign(payload: JsonObject, privateKey: CryptoKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
}

export async function makeOb2Forgeries(): Promise<Ob2Forgeries> {
  const [victim, attacker] = await Promise.all([startBadgeHost(), startBadgeHost()]);
  const V = victim.origin;
  const A = attacker.origin;
  const [victimKeys, attackerKeys] = await Promise.all([generateKeyPair('RS256', { modulusLength: 2048 }), generateKeyPair('RS256', { modulusLength: 2048 })]);
  const salt = 'c0ffee42';
  const recipient = { type: 'email', hashed: true, salt, identity: await hashIdentity(FORGERY_RECIPIENT, salt) };

  // The victim: its profile allows hosted assertions under its /assertions/ only, lists one key and a revocation list.
  const issuer = {
    '@context': OB2_CONTEXT,
    type: 'Issuer',
    id: `${V}/issuer`,
    name: 'Victim University',
    url: 'https://victim.example',
    email: 'registrar@victim.example',
    publicKey: [`${V}/keys/1`],
    revocationList: `${V}/revocations`,
    verification: { type: 'VerificationObject', startsWith: `${V}/assertions/` },
  };
  const badge = { '@context': OB2_CONTEXT, type: 'BadgeClass', id: `${V}/badge`, name: 'Sailing', description: 'Can sail', image: `${V}/badge.png`, criteria: { narrative: 'Sail a lap' }, issuer: `${V}/issuer` };
  const victimKey = { '@context': OB2_CONTEXT, type: 'CryptographicKey', id: `${V}/keys/1`, owner: `${V}/issuer`, publicKeyPem: await exportSPKI(victimKeys.publicKey) };
  const revokedId = 'urn:uuid:7d0c3a8e-0b8e-4f57-9a43-5b7e1c0d2f11';
  const revocations = { '@context': OB2_CONTEXT, type: 'RevocationList', id: `${V}/revocations`, issuer: `${V}/issuer`, revokedAssertions: [{ id: revokedId, revocationReason: 'awarded in error' }] };
  const genuineHosted = { '@context': OB2_CONTEXT, type: 'Assertion', id: `${V}/assertions/1`, recipient, badge: `${V}/badge`, issuedOn: '2026-02-01T00:00:00Z', verification: { type: 'hosted' } };
  const genuineSigned = { '@context': OB2_CONTEXT, type: 'Assertion', id: 'urn:uuid:0b6f4f8e-5a1b-4d4c-8a43-2b9f1c0d9e01', recipient, badge: `${V}/badge`, issuedOn: '2026-02-01T00:00:00Z', verification: { type: 'signed', creator: `${V}/keys/1` } };
  victim.routes.set('/issuer', json(issuer));
  victim.routes.set('/badge', json(badge));
  victim.routes.set('/keys/1', json(victimKey));
  victim.routes.set('/revocations', json(revocations));
  victim.routes.set('/assertions/1', json(genuineHosted));
  // Open redirects on the victim's host (a legacy link service): they lead wherever they are told.
  victim.routes.set('/assertions/old-7', redirect(`${A}/forged-7`));
  victim.routes.set('/go/badge', redirect(`${A}/badge-behind-redirect`));
  victim.routes.set('/go/issuer', redirect(`${A}/issuer-behind-redirect`));

  // The attacker's documents.
  const attackerKeyPem = await exportSPKI(attackerKeys.publicKey);
  const attackerKey = { '@context': OB2_CONTEXT, type: 'CryptographicKey', id: `${A}/keys/1`, owner: `${V}/issuer`, publicKeyPem: attackerKeyPem };
  attacker.routes.set('/keys/1', json(attackerKey));
  attacker.routes.set('/revocations', json({ '@context': OB2_CONTEXT, type: 'RevocationList', id: `${A}/revocations`, issuer: `${V}/issuer`, revokedAssertions: [] }));
  const attackerIssuer = { '@context': OB2_CONTEXT, type: 'Issuer', id: `${A}/issuer`, name: 'Attacker', url: 'https://attacker.example', email: 'x@attacker.example', publicKey: [`${A}/keys/own`] };
  attacker.routes.set('/keys/own', json({ ...attackerKey, id: `${A}/keys/own`, owner: `${A}/issuer` }));
  attacker.routes.set('/badge-own', json({ ...badge, id: `${A}/badge-own`, issuer: `${A}/issuer` }));
  attacker.routes.set('/issuer', json(attackerIssuer));

  /** The victim's profile as the attacker would like it to read. */
  const issuerCopy = (changes: JsonObject): JsonObject => ({ ...issuer, ...changes });
  const badgeWith = (issuerValue: unknown, changes: JsonObject = {}): JsonObject => ({ ...badge, issuer: issuerValue, ...changes });
  const hostedAt = (path: string, doc: JsonObject) => {
    attacker.routes.set(path, json(doc));
    return { url: `${A}${path}`, doc };
  };
  const assertion = (id: string, badgeValue: unknown): JsonObject => ({ '@context': OB2_CONTEXT, type: 'Assertion', id, recipient, badge: badgeValue, issuedOn: '2026-03-01T00:00:00Z', verification: { type: 'hosted' } });

  const embeddedIssuer = hostedAt('/assertions/embedded-issuer', assertion(`${A}/assertions/embedded-issuer`, badgeWith(issuerCopy({ verification: { type: 'VerificationObject', allowedOrigins: `127.0.0.1:${attacker.port}` } }))));
  const embeddedBadge = hostedAt('/assertions/embedded-badge', assertion(`${A}/assertions/embedded-badge`, badgeWith(`${A}/issuer`, { name: 'Doctorate in Medicine' })));
  const anonymousBadge = hostedAt('/assertions/anonymous-badge', assertion(`${A}/assertions/anonymous-badge`, { ...badgeWith(`${V}/issuer`), id: undefined }));
  const forged7 = assertion(`${V}/assertions/old-7`, `${V}/badge`);
  attacker.routes.set('/forged-7', json(forged7));

  const signedBy = (creator: unknown, badgeValue: unknown, id = `urn:uuid:${crypto.randomUUID()}`): JsonObject => ({
    '@context': OB2_CONTEXT,
    type: 'Assertion',
    id,
    recipient,
    badge: badgeValue,
    issuedOn: '2026-03-01T00:00:00Z',
    verification: { type: 'signed', creator },
  });
  const embeddedIssuerJws = await sign(signedBy(`${A}/keys/1`, badgeWith(issuerCopy({ publicKey: [`${A}/keys/1`] }))), attackerKeys.privateKey);
  attacker.routes.set('/jws/embedded-issuer', text(embeddedIssuerJws));
  const embeddedKey = await sign(signedBy({ ...attackerKey, id: `${A}/keys/1` }, badgeWith(issuerCopy({ publicKey: [attackerKey] }))), attackerKeys.privateKey);
  const unlistedKey = await sign(signedBy(`${A}/keys/1`, `${V}/badge`), attackerKeys.privateKey);
  const hiddenRevocation = await sign(signedBy(`${V}/keys/1`, badgeWith(issuerCopy({ revocationList: `${A}/revocations` })), revokedId), victimKeys.privateKey);

  // Behind the victim's open redirects: documents that claim the victim's URLs as their ids.
  attacker.routes.set('/badge-behind-redirect', json(badgeWith(`${V}/go/issuer`, { id: `${V}/go/badge` })));
  attacker.routes.set('/issuer-behind-redirect', json(issuerCopy({ id: `${V}/go/issuer`, publicKey: [`${A}/keys/2`], verification: undefined, revocationList: undefined })));
  attacker.routes.set('/keys/2', json({ ...attackerKey, id: `${A}/keys/2`, owner: `${V}/go/issuer` }));
  const redirectedIssuer = await sign(signedBy(`${A}/keys/2`, `${V}/go/badge`), attackerKeys.privateKey);

  // A badge class on the attacker's host whose issuer URL serves a profile claiming the victim's id.
  attacker.routes.set('/badge-of-copy', json(badgeWith(`${A}/victim-copy`, { id: `${A}/badge-of-copy` })));
  attacker.routes.set('/victim-copy', json(issuerCopy({ publicKey: [`${A}/keys/1`], revocationList: undefined })));
  const issuerIdMismatch = await sign(signedBy(`${A}/keys/1`, `${A}/badge-of-copy`), attackerKeys.privateKey);

  // The attacker's own badge, validly signed, dressed up: the embedded badge class copy says "Victim University".
  const dressedUp = { ...badge, id: `${A}/badge-own`, issuer: { ...issuer, id: `${A}/issuer`, name: 'Victim University' } };
  const ownWithVictimName = await sign(signedBy(`${A}/keys/own`, dressedUp), attackerKeys.privateKey);

  return {
    victim,
    attacker,
    allowHosts: [`127.0.0.1:${victim.port}`, `127.0.0.1:${attacker.port}`],
    genuine: { hostedUrl: genuineHosted.id, jws: await sign(genuineSigned, victimKeys.privateKey) },
    hosted: { embeddedIssuer, embeddedBadge, redirectedId: { url: forged7.id as string, doc: forged7 }, anonymousBadge },
    signed: { embeddedIssuer: embeddedIssuerJws, embeddedIssuerUrl: `${A}/jws/embedded-issuer`, embeddedKey, unlistedKey, hiddenRevocation, redirectedIssuer, issuerIdMismatch, ownWithVictimName },
  };
}
