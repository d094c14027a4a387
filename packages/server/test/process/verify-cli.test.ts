import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { pdfCertificateRenderer } from '../../src/adapters/pdf/certificate-pdf.js';
import { buildControllerDocument, generateEd25519KeyPair } from '@laurel/core';
import { bakedPng, json as serveJson, makeForeignBadges, plainPng, RECIPIENT, type ForeignBadges } from '../support/foreign-badges.js';
import { attackerOn, credentialFrom, dataIntegrity, vcJwt } from '../support/forgery.js';
import { startHttpsHost } from '../support/https-host.js';

const ROOT = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
const LAUREL = join(ROOT, 'node_modules/.bin/laurel');
const dir = mkdtempSync(join(tmpdir(), 'laurel-verify-'));
let badges: ForeignBadges;
let env: NodeJS.ProcessEnv;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `laurel` without blocking this process, whose throwaway server must keep answering. */
function laurel(args: string[], options: { stdin?: string | Uint8Array; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((ok, fail) => {
    const child = spawn(LAUREL, args, { cwd: ROOT, env: options.env ?? env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (status) => ok({ status, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

const file = (name: string, data: string | Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
};

beforeAll(async () => {
  badges = await makeForeignBadges();
  env = { ...process.env, LAUREL_DATA_DIR: join(dir, 'data'), DATABASE_URL: '', LAUREL_FETCH_ALLOW_HOSTS: `127.0.0.1:${badges.host.port}` };
});
afterAll(async () => {
  await badges.host.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('laurel verify', () => {
  it('exit 0 for valid badges: OB 3.0 file, hosted URL with the right recipient, baked PNG (--json), JWS on stdin', async () => {
    const [ob3, hosted, png, stdin] = await Promise.all([
      laurel(['verify', file('ob3.json', JSON.stringify(badges.ob3))]),
      laurel(['verify', badges.hostedUrl, '--recipient', RECIPIENT]),
      laurel(['verify', '--json', file('baked.png', bakedPng('openbadges', badges.jws))]),
      laurel(['verify', '-'], { stdin: `${badges.jws}\n` }),
    ]);
    expect(ob3.status, ob3.stderr + ob3.stdout).toBe(0);
    expect(ob3.stdout).toMatch(/^✓ VALID: Open Badges 3\.0 credential \(Data Integrity proof\)/);
    expect(ob3.stdout).toContain('badge:     Knot Tying — issued by Foreign Academy');
    expect(ob3.stdout).toMatch(/✓ proof\s+eddsa-rdfc-2022 signature/);
    expect(hosted.status, hosted.stdout).toBe(0);
    expect(hosted.stdout).toContain('✓ recipient: awarded to ada@example.org');
    expect(png.status, png.stdout).toBe(0);
    expect(JSON.parse(png.stdout)).toMatchObject({ valid: true, format: 'ob2-jws', input: { kind: 'image', image: 'png' } });
    expect(stdin.status, stdin.stdout + stdin.stderr).toBe(0);
  });

  it('exit 1 for invalid badges: tampered, revoked, or not awarded to --recipient', async () => {
    const tampered = structuredClone(badges.ob3) as { credentialSubject: { achievement: { name: string } } };
    tampered.credentialSubject.achievement.name = 'Forged';
    const [forged, revoked, someoneElse] = await Promise.all([
      laurel(['verify', file('forged.json', JSON.stringify(tampered))]),
      laurel(['verify', badges.revokedUrl]),
      laurel(['verify', badges.hostedUrl, '--recipient', 'eve@example.org']),
    ]);
    expect(forged.status, forged.stdout).toBe(1);
    expect(forged.stdout).toMatch(/^✗ NOT VALID/);
    expect(forged.stdout).toMatch(/✗ proof/);
    expect(revoked.status, revoked.stdout).toBe(1);
    expect(revoked.stdout).toMatch(/✗ status\s+revoked: .* 410 Gone/);
    expect(someoneElse.status).toBe(1);
    expect(someoneElse.stdout).toContain('✗ recipient: not awarded to eve@example.org');
  });

  it('--offline fetches nothing: a did:key credential verifies, a status list is not checked, a URL cannot be checked', async () => {
    const withStatus = { ...badges.ob3, credentialStatus: { id: `${badges.host.origin}/status#7`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '7', statusListCredential: `${badges.host.origin}/status` } };
    const [plain, listed, hosted] = await Promise.all([
      laurel(['verify', '--offline', file('offline.json', JSON.stringify(badges.ob3))]),
      laurel(['verify', '--offline', '--json', file('offline-status.json', JSON.stringify(withStatus))]),
      laurel(['verify', '--offline', badges.hostedUrl]),
    ]);
    expect(plain.status, plain.stderr + plain.stdout).toBe(0);
    expect(plain.stdout).toMatch(/^✓ VALID: Open Badges 3\.0 credential \(Data Integrity proof\)/);
    // The proof no longer covers the added status entry, so this one is invalid — but its status was not fetched.
    const report = JSON.parse(listed.stdout);
    expect(report.checks.find((c: { name: string }) => c.name === 'status')).toMatchObject({ ok: true, code: 'status-not-checked' });
    expect(hosted.status).toBe(2);
    expect(hosted.stdout + hosted.stderr).toContain('offline');
  });

  it('a PDF certificate: exit 0 for the real one (online and --offline), 2 for a PDF without a credential', async () => {
    const certificate = await pdfCertificateRenderer().render(
      {
        credentialId: 'urn:uuid:7b1d6a5e-0000-4000-8000-000000000001',
        kind: 'certificate',
        recipientName: 'Ada Lovelace',
        achievementName: 'Knot Tying',
        achievementDescription: 'Ties knots.',
        issuerName: 'Foreign Academy',
        issuerUrl: badges.host.origin,
        issuedOn: '2025-06-01T00:00:00Z',
        expiresAt: null,
        status: 'active',
        verificationUrl: `${badges.host.origin}/verify`,
        pageUrl: `${badges.host.origin}/credential`,
        signedCredential: JSON.stringify(badges.ob3),
        badgePng: plainPng(),
      },
      { size: 'a4', locale: 'en', createdAt: new Date('2025-06-01T00:00:00Z') },
    );
    const blank = await PDFDocument.create();
    blank.addPage();
    const [online, offline, json, empty] = await Promise.all([
      laurel(['verify', file('cert.pdf', certificate)]),
      laurel(['verify', '--offline', file('cert-offline.pdf', certificate)]),
      laurel(['verify', '--json', '-'], { stdin: certificate }),
      laurel(['verify', file('blank.pdf', await blank.save())]),
    ]);
    expect(online.status, online.stderr + online.stdout).toBe(0);
    expect(online.stdout).toMatch(/^✓ VALID: Open Badges 3\.0 credential \(Data Integrity proof\)/);
    expect(online.stdout).toContain('input:     pdf, embedded credential.json');
    expect(offline.status, offline.stderr + offline.stdout).toBe(0);
    expect(json.status, json.stderr + json.stdout).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: true, input: { kind: 'pdf', attachment: 'credential.json' } });
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain('embeds no Open Badges credential');
  });

  it('exit 1 for credentials forged with keys that merely claim the victim did:web as their controller', async () => {
    const host = await startHttpsHost();
    try {
      // The victim's own DID document (its real key), and the attacker's, on an https host the CLI trusts.
      const victimDid = host.didWeb('victim');
      const victimKey = await generateEd25519KeyPair();
      host.routes.set('/victim/did.json', serveJson(buildControllerDocument({ id: victimDid, multikeys: [{ id: `${victimDid}#key-1`, publicKeyMultibase: victimKey.publicKeyMultibase }] })));
      const attacker = await attackerOn(host, victimDid);
      const credential = await credentialFrom({ id: victimDid, name: 'Victim University' });
      const trusting = { ...env, NODE_EXTRA_CA_CERTS: host.caFile, LAUREL_FETCH_ALLOW_HOSTS: `127.0.0.1:${badges.host.port},127.0.0.1:${host.port}` };
      const [token, signed, own] = await Promise.all([
        laurel(['verify', '--json', '-'], { stdin: await vcJwt(credential, attacker), env: trusting }),
        laurel(['verify', file('forged-di.json', JSON.stringify(await dataIntegrity(credential, attacker)))], { env: trusting }),
        laurel(['verify', '-'], { stdin: await vcJwt(await credentialFrom({ id: attacker.did, name: 'Mallory' }), attacker), env: trusting }),
      ]);
      expect(token.status, token.stderr + token.stdout).toBe(1);
      const report = JSON.parse(token.stdout);
      expect(report.checks.find((c: { name: string }) => c.name === 'proof')).toMatchObject({ ok: true });
      expect(report.checks.find((c: { name: string }) => c.name === 'issuer-key')).toMatchObject({ ok: false, code: 'key-not-authorized-by-issuer', params: { key: attacker.rsaKid, issuer: victimDid } });
      expect(signed.status, signed.stderr + signed.stdout).toBe(1);
      expect(signed.stdout).toMatch(/^✗ NOT VALID/);
      expect(signed.stdout).toMatch(/✗ issuer-key\s+the issuer did:web:127\.0\.0\.1%3A\d+:victim does not list the key/);
      // The host is reachable and trusted: the attacker's keys do sign for the attacker.
      expect(own.status, own.stderr + own.stdout).toBe(0);
    } finally {
      await host.close();
    }
  });

  it('exit 2 when it could not be checked: unreadable file, missing file, refused URL, no argument', async () => {
    const strict = { ...env, LAUREL_FETCH_ALLOW_HOSTS: '' };
    const [garbage, missing, refused, metadata, none] = await Promise.all([
      laurel(['verify', file('garbage.bin', new Uint8Array([0, 159, 146, 150, 1]))]),
      laurel(['verify', join(dir, 'nope.png')]),
      laurel(['verify', '--json', badges.hostedUrl], { env: strict }),
      laurel(['verify', 'http://169.254.169.254/latest/meta-data/']),
      laurel(['verify']),
    ]);
    expect(garbage.status).toBe(2);
    expect(garbage.stderr).toContain('could not be checked');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/ENOENT|no such file/);
    expect(refused.status).toBe(2);
    expect(JSON.parse(refused.stdout).checks[0]).toMatchObject({ name: 'source', ok: false, code: 'source-unavailable', reason: expect.stringMatching(/^could not fetch \S+: not allowed \(private address\)$/) });
    expect(metadata.status).toBe(2);
    expect(metadata.stdout).toMatch(/✗ source\s+could not fetch http:\/\/169\.254\.169\.254\/latest\/meta-data\/: not allowed \(private address\)/);
    expect(none.status).toBe(2);
  });
});
