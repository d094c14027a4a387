import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../adapters/clock/system.js';
import { createVerifierDeps } from '../../adapters/verification/remote-documents.js';
import { bakedPng } from '../../../test/support/foreign-badges.js';
import { FORGERY_RECIPIENT, makeOb2Forgeries, type Ob2Forgeries } from '../../../test/support/ob2-forgeries.js';
import type { VerifyAnyDeps, VerifyAnyReport, VerifySource } from './ports.js';
import { verifyAny } from './verify-any.js';

let f: Ob2Forgeries;
let deps: VerifyAnyDeps;

beforeAll(async () => {
  f = await makeOb2Forgeries();
  deps = createVerifierDeps({ allowHosts: f.allowHosts, timeoutMs: 2000 }, systemClock);
});
afterAll(async () => {
  await f.victim.close();
  await f.attacker.close();
});

const failed = (report: VerifyAnyReport) => report.checks.filter((c) => !c.ok).map((c) => `${c.name}:${c.code}`);
const verify = (source: VerifySource, recipient?: string) => verifyAny(deps, { source, recipient });

/** Every way the same hosted assertion can be handed over: its URL, its JSON, baked (URL or JSON) in a PNG. */
function hostedSources(hosted: { url: string; doc: object }): Array<[string, VerifySource]> {
  return [
    ['url', { kind: 'url', url: hosted.url }],
    ['json', { kind: 'json', value: hosted.doc }],
    ['png with its url', { kind: 'bytes', bytes: bakedPng('openbadges', hosted.url) }],
    ['png with its json', { kind: 'bytes', bytes: bakedPng('openbadges', JSON.stringify(hosted.doc)) }],
  ];
}

function signedSources(jws: string): Array<[string, VerifySource]> {
  return [
    ['text', { kind: 'text', text: jws }],
    ['png', { kind: 'bytes', bytes: bakedPng('openbadges', jws) }],
  ];
}

describe('OB 2.0: the victim’s own badges still verify', () => {
  it('hosted and signed', async () => {
    const hosted = await verify({ kind: 'url', url: f.genuine.hostedUrl }, FORGERY_RECIPIENT);
    expect(failed(hosted)).toEqual([]);
    expect(hosted).toMatchObject({ valid: true, format: 'ob2-hosted', recipient: { matches: true } });
    const signed = await verify({ kind: 'text', text: f.genuine.jws }, FORGERY_RECIPIENT);
    expect(failed(signed)).toEqual([]);
    expect(signed).toMatchObject({ valid: true, format: 'ob2-jws', recipient: { matches: true } });
    expect(signed.checks.map((c) => c.code)).toEqual(['format-ob2-jws', 'schema-valid', 'valid-no-expiry', 'proof-valid', 'key-controlled-by-issuer', 'status-not-revoked']);
    // The report names the issuer as its own profile, read at its URL, does.
    expect(hosted.issuer).toEqual({ id: `${f.victim.origin}/issuer`, name: 'Victim University' });
    expect(signed.issuer).toEqual({ id: `${f.victim.origin}/issuer`, name: 'Victim University' });
  });

  it('a validly signed badge of another issuer is reported under that issuer, whatever name its embedded copies give', async () => {
    for (const [how, source] of signedSources(f.signed.ownWithVictimName)) {
      const report = await verify(source);
      expect(failed(report), how).toEqual([]);
      expect(report.issuer, how).toEqual({ id: `${f.attacker.origin}/issuer`, name: 'Attacker' });
    }
  });

  it('names no issuer when the binding failed', async () => {
    const report = await verify({ kind: 'text', text: f.signed.embeddedIssuer });
    expect(report.valid).toBe(false);
    expect(report.issuer).toBeUndefined();
  });
});

describe('OB 2.0 hosted forgeries', () => {
  it('an embedded issuer copy whose allowedOrigins names the attacker does not decide: the profile at the issuer id does', async () => {
    for (const [how, source] of hostedSources(f.hosted.embeddedIssuer)) {
      const report = await verify(source);
      expect(report.valid, how).toBe(false);
      expect(failed(report), how).toContain('hosted:hosted-prefix-not-allowed');
    }
  });

  it('an embedded copy of the victim’s badge class (renamed, another issuer) is replaced by the one at its id', async () => {
    for (const [how, source] of hostedSources(f.hosted.embeddedBadge)) {
      const report = await verify(source);
      expect(report.valid, how).toBe(false);
      expect(failed(report), how).toContain('hosted:hosted-prefix-not-allowed');
    }
  });

  it('an embedded badge class without an id cannot be trusted', async () => {
    for (const [how, source] of hostedSources(f.hosted.anonymousBadge)) {
      const report = await verify(source);
      expect(report.valid, how).toBe(false);
      expect(failed(report), how).toContain('schema:badge-class-unavailable');
    }
  });

  it('an id on the victim’s host that redirects to the attacker’s copy is not the victim’s assertion', async () => {
    for (const [how, source] of hostedSources(f.hosted.redirectedId)) {
      const report = await verify(source);
      expect(report.valid, how).toBe(false);
      expect(failed(report), how).toContain('hosted:hosted-unavailable');
      expect(report.checks.find((c) => c.name === 'hosted')?.reason, how).toMatch(/redirected to another origin/);
    }
  });

  it('the recipient is checked against the published copy, not the given one', async () => {
    const given = { ...(f.hosted.redirectedId.doc as object), id: f.genuine.hostedUrl, recipient: { type: 'email', hashed: false, identity: 'eve@example.org' } };
    const report = await verify({ kind: 'json', value: given }, 'eve@example.org');
    expect(failed(report)).toContain('hosted:hosted-differs');
    expect(report.recipient).toMatchObject({ matches: false });
  });
});

describe('OB 2.0 signed forgeries', () => {
  it('an embedded issuer copy listing the attacker’s key: the key is checked against the profile at the issuer id', async () => {
    for (const [how, source] of [...signedSources(f.signed.embeddedIssuer), ['url', { kind: 'url', url: f.signed.embeddedIssuerUrl }] as [string, VerifySource]]) {
      const report = await verify(source);
      expect(report.valid, how).toBe(false);
      expect(failed(report), how).toEqual(['issuer-key:key-not-listed-by-issuer']);
    }
  });

  it('a CryptographicKey embedded as creator, and listed by an embedded issuer copy, is not trusted', async () => {
    for (const [how, source] of signedSources(f.signed.embeddedKey)) {
      const report = await verify(source);
      expect(report.valid, how).toBe(false);
      expect(failed(report), how).toEqual(['issuer-key:key-not-listed-by-issuer']);
    }
  });

  it('a key claiming the victim as owner, which the victim’s profile does not list', async () => {
    const report = await verify({ kind: 'text', text: f.signed.unlistedKey });
    expect(failed(report)).toEqual(['issuer-key:key-not-listed-by-issuer']);
  });

  it('the revocation list is the one of the profile at the issuer id, not of an embedded copy', async () => {
    for (const [how, source] of signedSources(f.signed.hiddenRevocation)) {
      const report = await verify(source);
      expect(report.valid, how).toBe(false);
      expect(failed(report), how).toEqual(['status:status-revoked-with-reason']);
    }
  });

  it('a badge class and issuer behind an open redirect on the victim’s host are refused', async () => {
    const report = await verify({ kind: 'text', text: f.signed.redirectedIssuer });
    expect(report.valid).toBe(false);
    expect(failed(report)).toContain('issuer-key:badge-class-unavailable');
    expect(report.checks.find((c) => c.name === 'issuer-key')?.reason).toMatch(/redirected to another origin/);
  });

  it('an issuer profile served at another URL than its id does not speak for that id', async () => {
    const report = await verify({ kind: 'text', text: f.signed.issuerIdMismatch });
    expect(report.valid).toBe(false);
    expect(failed(report)).toContain('issuer-key:issuer-id-mismatch');
  });
});
