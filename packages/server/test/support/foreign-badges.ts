/**
 * Badges Laurel did not issue, made in the test with other people's libraries, and a throwaway
 * HTTP server on 127.0.0.1 that hosts their documents (OB 2.0 hosted assertions, keys).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { bakePng, createDocumentLoader, hashIdentity, OB3_CREDENTIAL_CONTEXTS, type JsonObject } from '@laurel/core';
import { CompactSign, exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { PNG } from 'pngjs';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/adapters/http/app.js';
import { createVerifierDeps } from '../../src/adapters/verification/remote-documents.js';
import type { TestContext } from './test-app.js';

export const RECIPIENT = 'ada@example.org';
const OB2_CONTEXT = 'https://w3id.org/openbadges/v2';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface BadgeHost {
  origin: string;
  port: number;
  /** Routes by path; tests may add or replace them. */
  routes: Map<string, Handler>;
  close(): Promise<void>;
}

export const json =
  (body: unknown, status = 200): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

/** A request listener that answers by path from `routes` (404 JSON otherwise). */
export function routedBy(routes: ReadonlyMap<string, Handler>): Handler {
  return (req, res) => {
    const handler = routes.get((req.url ?? '/').split('?')[0]!);
    if (handler) return handler(req, res);
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":"not found"}');
  };
}

/** Listens on a free loopback port; returns it, and a close that ends open connections too. */
export async function listenOnLoopback(server: Server): Promise<{ port: number; close(): Promise<void> }> {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

export async function startBadgeHost(): Promise<BadgeHost> {
  const routes = new Map<string, Handler>();
  const { port, close } = await listenOnLoopback(createServer(routedBy(routes)));
  return { origin: `http://127.0.0.1:${port}`, port, routes, close };
}

/** A plain 8×8 PNG (pngjs), the artwork to bake into. */
export function plainPng(): Uint8Array {
  const png = new PNG({ width: 8, height: 8 });
  png.data.fill(200);
  return new Uint8Array(PNG.sync.write(png));
}

export function bakedPng(keyword: 'openbadges' | 'openbadgecredential', text: string): Uint8Array {
  return bakePng(plainPng(), { keyword, text });
}

export interface ForeignBadges {
  host: BadgeHost;
  /** OB 3.0, eddsa-rdfc-2022 Data Integrity proof by Digital Bazaar's libraries, did:key issuer. */
  ob3: JsonObject;
  /** OB 2.0 hosted assertion (its URL, and the JSON served there). */
  hostedUrl: string;
  hosted: JsonObject;
  /** A revoked hosted assertion (410 Gone). */
  revokedUrl: string;
  /** OB 2.0 signed assertion: compact JWS (RS256) made with jose; its key is served by the host. */
  jws: string;
  /**
   * OB 3.0 VC-JWT (RS256) made with jose; its `kid` (a JWK) is served by the host, listed under
   * assertionMethod by the issuer's profile (at the issuer id), and the JWT itself at `vcJwtUrl`.
   */
  vcJwt: string;
  vcJwtUrl: string;
}

async function signOb3(): Promise<JsonObject> {
  const generated = await Ed25519Multikey.generate();
  const did = `did:key:${generated.publicKeyMultibase}`;
  const exported = await generated.export({ publicKey: true, secretKey: true, includeContext: true });
  const keyPair = await Ed25519Multikey.from({ ...exported, id: `${did}#${generated.publicKeyMultibase}`, controller: did });
  const salt = 'f0e1d2c3';
  const credential = {
    '@context': [...OB3_CREDENTIAL_CONTEXTS],
    id: `urn:uuid:${randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: did, type: ['Profile'], name: 'Foreign Academy' },
    validFrom: '2026-01-01T00:00:00Z',
    name: 'Knot Tying',
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityHash: await hashIdentity(RECIPIENT, salt), identityType: 'emailAddress', hashed: true, salt }],
      achievement: {
        id: 'https://foreign.example/achievements/knots',
        type: ['Achievement'],
        name: 'Knot Tying',
        description: 'Ties the six essential knots',
        criteria: { narrative: 'Tie each knot in under a minute' },
      },
    },
  };
  const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022 });
  return vc.issue({ credential, suite, documentLoader: createDocumentLoader() });
}

/** Makes the three foreign badges and serves their documents on a fresh throwaway host. */
export async function makeForeignBadges(): Promise<ForeignBadges> {
  const host = await startBadgeHost();
  const o = host.origin;
  const salt = 'a1b2c3d4';
  const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const issuer = { '@context': OB2_CONTEXT, type: 'Issuer', id: `${o}/issuer`, name: 'Foreign Guild', url: 'https://guild.example', email: 'badges@guild.example', publicKey: [`${o}/keys/1`] };
  const badge = { '@context': OB2_CONTEXT, type: 'BadgeClass', id: `${o}/badge`, name: 'Sailing', description: 'Can sail', image: `${o}/badge.png`, criteria: { narrative: 'Sail a lap' }, issuer: `${o}/issuer` };
  const recipient = { type: 'email', hashed: true, salt, identity: await hashIdentity(RECIPIENT, salt) };
  const hosted = { '@context': OB2_CONTEXT, type: 'Assertion', id: `${o}/assertions/1`, recipient, badge: `${o}/badge`, issuedOn: '2026-02-01T00:00:00Z', verification: { type: 'hosted' } };
  const signed = { '@context': OB2_CONTEXT, type: 'Assertion', id: `urn:uuid:${randomUUID()}`, recipient, badge: `${o}/badge`, issuedOn: '2026-02-01T00:00:00Z', verification: { type: 'signed', creator: `${o}/keys/1` } };
  const key = { '@context': OB2_CONTEXT, type: 'CryptographicKey', id: `${o}/keys/1`, owner: `${o}/issuer`, publicKeyPem: await exportSPKI(publicKey) };
  host.routes.set('/issuer', json(issuer));
  host.routes.set('/badge', json(badge));
  host.routes.set('/assertions/1', json(hosted));
  host.routes.set('/assertions/2', json({ revoked: true, revocationReason: 'issued in error' }, 410));
  host.routes.set('/keys/1', json(key));
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(signed))).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
  const vcJwt = await signVcJwt(o, privateKey, recipient.identity, salt);
  const publicJwk = { ...(await exportJWK(publicKey)), kid: `${o}/jwks/1`, alg: 'RS256' };
  host.routes.set('/jwks/1', json(publicJwk));
  // The OB 3.0 issuer's profile is its controller document: it lists the VC-JWT kid under assertionMethod.
  host.routes.set(
    '/ob3-issuer',
    json({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'],
      id: `${o}/ob3-issuer`,
      type: 'Profile',
      name: 'Foreign Guild',
      verificationMethod: [{ id: `${o}/jwks/1`, type: 'JsonWebKey', controller: `${o}/ob3-issuer`, publicKeyJwk: publicJwk }],
      assertionMethod: [`${o}/jwks/1`],
    }),
  );
  host.routes.set('/credentials/1.jwt', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/vc+jwt' });
    res.end(vcJwt);
  });
  return { host, ob3: await signOb3(), hostedUrl: hosted.id, hosted, revokedUrl: `${o}/assertions/2`, jws, vcJwt, vcJwtUrl: `${o}/credentials/1.jwt` };
}

async function signVcJwt(o: string, privateKey: CryptoKey, identityHash: string, salt: string): Promise<string> {
  const id = `urn:uuid:${randomUUID()}`;
  const credential = {
    '@context': [...OB3_CREDENTIAL_CONTEXTS],
    id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: `${o}/ob3-issuer`, type: ['Profile'], name: 'Foreign Guild' },
    validFrom: '2026-02-01T00:00:00Z',
    name: 'Sailing',
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityHash, identityType: 'emailAddress', hashed: true, salt }],
      achievement: { id: `${o}/achievements/sailing`, type: ['Achievement'], name: 'Sailing', description: 'Can sail', criteria: { narrative: 'Sail a lap' } },
    },
  };
  return new SignJWT({ vc: credential })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: `${o}/jwks/1` })
    .setIssuer(credential.issuer.id)
    .setJti(id)
    .setNotBefore(Date.parse(credential.validFrom) / 1000)
    .sign(privateKey);
}

/** A copy of a compact JWS whose payload was changed (the signature no longer fits). */
export function tamperJws(jws: string, change: (payload: JsonObject) => void): string {
  const [header, payload, signature] = jws.split('.');
  const doc = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as JsonObject;
  change(doc);
  return `${header}.${Buffer.from(JSON.stringify(doc)).toString('base64url')}.${signature}`;
}

/** The test app again, with a verifier allowed to fetch from `host` (the badge host's own loopback port only). */
export function appVerifyingFrom(ctx: TestContext, host: BadgeHost): Promise<FastifyInstance> {
  const verifier = createVerifierDeps({ allowHosts: [`127.0.0.1:${host.port}`], timeoutMs: 2000 }, ctx.deps.clock);
  return buildApp({ ...ctx.deps, verify: { verifier, rateLimit: { max: 1000, timeWindowMs: 60_000 }, maxUploadBytes: 2 * 1024 * 1024 } }, { logger: false });
}

