/**
 * A throwaway HTTPS server on 127.0.0.1 (did:web implies https), with a self-signed certificate
 * made for it at test time by the `openssl` command. Verifiers reach it by allow-listing
 * `127.0.0.1:<port>` and trusting `ca` (the guarded fetch's `extraCa`, or NODE_EXTRA_CA_CERTS for a
 * child process).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/adapters/http/app.js';
import { createVerifierDeps } from '../../src/adapters/verification/remote-documents.js';
import { listenOnLoopback, routedBy, type Handler } from './foreign-badges.js';
import type { TestContext } from './test-app.js';

export interface HttpsHost {
  origin: string;
  port: number;
  /** The certificate (PEM), its own CA. */
  ca: string;
  /** A file holding `ca`, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  /** The did:web of a path on this host: `did:web:127.0.0.1%3A<port>:a:b` lives at `/a/b/did.json`. */
  didWeb(...path: string[]): string;
  /** Routes by path; tests may add or replace them. */
  routes: Map<string, Handler>;
  close(): Promise<void>;
}

function selfSignedCertificate(dir: string): { key: string; cert: string } {
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
}

export async function startHttpsHost(): Promise<HttpsHost> {
  const dir = mkdtempSync(join(tmpdir(), 'laurel-https-'));
  const { key, cert } = selfSignedCertificate(dir);
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, cert);
  const routes = new Map<string, Handler>();
  const { port, close } = await listenOnLoopback(createServer({ key, cert }, routedBy(routes)));
  return {
    origin: `https://127.0.0.1:${port}`,
    port,
    ca: cert,
    caFile,
    didWeb: (...path) => ['did:web', `127.0.0.1%3A${port}`, ...path].join(':'),
    routes,
    close: async () => {
      await close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The test app again, with a verifier that may fetch from `host` alone (trusting its certificate), uploads up to 512 KiB. */
export function appVerifyingFromHttps(ctx: TestContext, host: HttpsHost): Promise<FastifyInstance> {
  const verifier = createVerifierDeps({ allowHosts: [`127.0.0.1:${host.port}`], timeoutMs: 2000, fetch: { extraCa: [host.ca] } }, ctx.deps.clock);
  return buildApp({ ...ctx.deps, verify: { verifier, rateLimit: { max: 1000, timeWindowMs: 60_000 }, maxUploadBytes: 512 * 1024 } }, { logger: false });
}
