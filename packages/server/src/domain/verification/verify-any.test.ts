import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bakeSvg, type JsonObject } from '@laurel/core';
import { createVerifierDeps } from '../../adapters/verification/remote-documents.js';
import { systemClock } from '../../adapters/clock/system.js';
import { bakedPng, json, makeForeignBadges, RECIPIENT, startBadgeHost, tamperJws, type ForeignBadges } from '../../../test/support/foreign-badges.js';
import { isAppError } from '../shared/errors.js';
import type { VerifyAnyDeps, VerifyAnyReport } from './ports.js';
import { verifyAny } from './verify-any.js';

let badges: ForeignBadges;
let deps: VerifyAnyDeps;

beforeAll(async () => {
  badges = await makeForeignBadges();
  deps = createVerifierDeps({ allowHosts: [`127.0.0.1:${badges.host.port}`], timeoutMs: 2000 }, systemClock);
});
afterAll(() => badges.host.close());

function check(report: VerifyAnyReport, name: string) {
  const found = report.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no ${name} check in ${JSON.stringify(report.checks)}`);
  return found;
}

const failed = (report: VerifyAnyReport) => report.checks.filter((c) => !c.ok).map((c) => c.name);

describe('verifyAny: OB 3.0 signed by Digital Bazaar libraries (did:key)', () => {
  it('is valid as JSON, as JSON text and baked in a PNG; the hashed recipient matches', async () => {
    const asJson = await verifyAny(deps, { source: { kind: 'json', value: badges.ob3 }, recipient: 'ADA@example.org ' });
    expect(failed(asJson)).toEqual([]);
    expect(asJson).toMatchObject({ valid: true, format: 'ob3-ldp', input: { kind: 'json' }, recipient: { checked: true, matches: true } });
    const asText = await verifyAny(deps, { source: { kind: 'text', text: JSON.stringify(badges.ob3) } });
    expect(asText.valid).toBe(true);
    expect(asText.recipient).toBeUndefined();
    const png = await verifyAny(deps, { source: { kind: 'bytes', bytes: bakedPng('openbadgecredential', JSON.stringify(badges.ob3)) }, recipient: 'eve@example.org' });
    expect(png).toMatchObject({ valid: true, format: 'ob3-ldp', input: { kind: 'image', image: 'png' }, recipient: { checked: true, matches: false } });
  });

  it('a tampered copy fails the proof check', async () => {
    const tampered = structuredClone(badges.ob3) as JsonObject & { credentialSubject: { achievement: { name: string } } };
    tampered.credentialSubject.achievement.name = 'Rocket Science';
    const report = await verifyAny(deps, { source: { kind: 'json', value: tampered } });
    expect(report.valid).toBe(false);
    expect(failed(report)[0]).toBe('proof');
    expect(check(report, 'proof').reason).toMatch(/not valid|invalid|verif/i);
  });

  it('baked in an SVG too', async () => {
    const svg = bakeSvg('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>', { version: 3, credential: JSON.stringify(badges.ob3) });
    const report = await verifyAny(deps, { source: { kind: 'bytes', bytes: new TextEncoder().encode(svg) } });
    expect(report).toMatchObject({ valid: true, input: { kind: 'image', image: 'svg' } });
  });
});

describe('verifyAny: OB 2.0 hosted assertion on a throwaway server', () => {
  it('is valid by URL, as the JSON itself and baked (as its URL) in a PNG', async () => {
    const byUrl = await verifyAny(deps, { source: { kind: 'url', url: badges.hostedUrl }, recipient: RECIPIENT });
    expect(failed(byUrl)).toEqual([]);
    expect(byUrl).toMatchObject({ valid: true, format: 'ob2-hosted', input: { kind: 'url', url: badges.hostedUrl }, recipient: { matches: true } });
    expect(check(byUrl, 'hosted')).toMatchObject({ code: 'hosted-valid', params: { url: badges.hostedUrl }, reason: expect.stringContaining(badges.hostedUrl) });
    expect(byUrl.recipient).toMatchObject({ code: 'recipient-matches-hashed', params: { recipient: RECIPIENT } });
    const given = await verifyAny(deps, { source: { kind: 'json', value: badges.hosted } });
    expect(given.valid).toBe(true);
    const png = await verifyAny(deps, { source: { kind: 'bytes', bytes: bakedPng('openbadges', badges.hostedUrl) } });
    expect(png).toMatchObject({ valid: true, format: 'ob2-hosted', input: { kind: 'image', image: 'png', url: badges.hostedUrl } });
  });

  it('a tampered copy differs from the hosted one; a revoked one (410) fails status; an expired one fails validity', async () => {
    const tampered = await verifyAny(deps, { source: { kind: 'json', value: { ...badges.hosted, issuedOn: '2025-01-01T00:00:00Z' } } });
    expect(failed(tampered)).toEqual(['hosted']);
    expect(check(tampered, 'hosted')).toMatchObject({ code: 'hosted-differs', params: { url: badges.hosted.id }, reason: expect.stringContaining('differs') });

    const revokedUrl = await verifyAny(deps, { source: { kind: 'url', url: badges.revokedUrl } });
    expect(failed(revokedUrl)).toEqual(['status']);
    expect(check(revokedUrl, 'status')).toMatchObject({ code: 'status-revoked-gone', params: { url: badges.revokedUrl } });
    const revokedJson = await verifyAny(deps, { source: { kind: 'json', value: { ...badges.hosted, id: badges.revokedUrl } } });
    expect(check(revokedJson, 'status')).toMatchObject({ ok: false, code: 'status-revoked-gone', reason: expect.stringContaining('410') });

    const expired = { ...badges.hosted, id: `${badges.host.origin}/assertions/3`, expires: '2026-03-01T00:00:00Z' };
    badges.host.routes.set('/assertions/3', json(expired));
    const expiredReport = await verifyAny(deps, { source: { kind: 'url', url: expired.id } });
    expect(failed(expiredReport)).toEqual(['validity']);
    expect(check(expiredReport, 'validity')).toMatchObject({ code: 'expired', params: { date: '2026-03-01T00:00:00Z' } });
  });

  it('a badge class missing required fields, or hosted off the issuer host, is invalid with the reason', async () => {
    const o = badges.host.origin;
    badges.host.routes.set('/badge-bad', json({ '@context': 'https://w3id.org/openbadges/v2', type: 'BadgeClass', id: `${o}/badge-bad`, issuer: `${o}/issuer` }));
    const bad = { ...badges.hosted, id: `${o}/assertions/4`, badge: `${o}/badge-bad` };
    badges.host.routes.set('/assertions/4', json(bad));
    const report = await verifyAny(deps, { source: { kind: 'url', url: bad.id } });
    expect(failed(report)).toEqual(['schema']);
    expect(check(report, 'schema')).toMatchObject({ code: 'schema-invalid', reason: expect.stringMatching(/badge class name: name is required/) });

    // A profile served here that claims another id does not speak for that id.
    badges.host.routes.set('/issuer-elsewhere', json({ '@context': 'https://w3id.org/openbadges/v2', type: 'Issuer', id: 'https://elsewhere.example/issuer', name: 'X', url: 'https://elsewhere.example', email: 'x@elsewhere.example' }));
    badges.host.routes.set('/badge-elsewhere', json({ '@context': 'https://w3id.org/openbadges/v2', type: 'BadgeClass', id: `${o}/badge-elsewhere`, name: 'N', description: 'D', image: `${o}/i.png`, criteria: { narrative: 'C' }, issuer: `${o}/issuer-elsewhere` }));
    const foreign = { ...badges.hosted, id: `${o}/assertions/5`, badge: `${o}/badge-elsewhere` };
    badges.host.routes.set('/assertions/5', json(foreign));
    const claimed = await verifyAny(deps, { source: { kind: 'url', url: foreign.id } });
    expect(failed(claimed)).toEqual(['schema']);
    expect(check(claimed, 'schema')).toMatchObject({ code: 'issuer-id-mismatch', params: { url: `${o}/issuer-elsewhere` } });

    // The issuer's own profile, on another origin (same address, another port): the assertion is not on its host.
    const elsewhere = await startBadgeHost();
    try {
      const e = elsewhere.origin;
      elsewhere.routes.set('/issuer', json({ '@context': 'https://w3id.org/openbadges/v2', type: 'Issuer', id: `${e}/issuer`, name: 'X', url: 'https://elsewhere.example', email: 'x@elsewhere.example' }));
      badges.host.routes.set('/badge-elsewhere', json({ '@context': 'https://w3id.org/openbadges/v2', type: 'BadgeClass', id: `${o}/badge-elsewhere`, name: 'N', description: 'D', image: `${o}/i.png`, criteria: { narrative: 'C' }, issuer: `${e}/issuer` }));
      const both = createVerifierDeps({ allowHosts: [`127.0.0.1:${badges.host.port}`, `127.0.0.1:${elsewhere.port}`], timeoutMs: 2000 }, systemClock);
      const offHost = await verifyAny(both, { source: { kind: 'url', url: foreign.id } });
      expect(failed(offHost)).toEqual(['hosted']);
      const [host, issuerHost] = [`127.0.0.1:${badges.host.port}`, `127.0.0.1:${elsewhere.port}`];
      expect(check(offHost, 'hosted')).toMatchObject({ code: 'hosted-wrong-host', params: { host, issuerHost }, reason: expect.stringContaining(`not on the issuer's host ${issuerHost}`) });
    } finally {
      await elsewhere.close();
    }
  });
});

describe('verifyAny: OB 2.0 signed assertion (jose JWS, key on the throwaway server)', () => {
  it('is valid as text and baked in a PNG; a tampered copy fails the proof', async () => {
    const report = await verifyAny(deps, { source: { kind: 'text', text: badges.jws }, recipient: RECIPIENT });
    expect(failed(report)).toEqual([]);
    expect(report).toMatchObject({ valid: true, format: 'ob2-jws', input: { kind: 'jws' }, recipient: { matches: true } });
    const png = await verifyAny(deps, { source: { kind: 'bytes', bytes: bakedPng('openbadges', badges.jws) } });
    expect(png).toMatchObject({ valid: true, format: 'ob2-jws', input: { kind: 'image', image: 'png' } });
    const tampered = await verifyAny(deps, { source: { kind: 'text', text: tamperJws(badges.jws, (p) => (p.issuedOn = '2026-01-01T00:00:00Z')) } });
    expect(tampered.valid).toBe(false);
    expect(check(tampered, 'proof')).toMatchObject({ ok: false, code: 'proof-invalid-signature', reason: expect.stringMatching(/signature/i) });
  });
});

describe('verifyAny: OB 3.0 VC-JWT (jose, kid on the throwaway server)', () => {
  it('is valid as text and by URL (application/vc+jwt); a tampered copy fails the proof', async () => {
    const text = await verifyAny(deps, { source: { kind: 'text', text: badges.vcJwt }, recipient: RECIPIENT });
    expect(failed(text)).toEqual([]);
    expect(text).toMatchObject({ valid: true, format: 'vc-jwt', input: { kind: 'jws' }, recipient: { matches: true } });
    const byUrl = await verifyAny(deps, { source: { kind: 'url', url: badges.vcJwtUrl } });
    expect(byUrl).toMatchObject({ valid: true, format: 'vc-jwt', input: { kind: 'url', url: badges.vcJwtUrl } });
    const tampered = await verifyAny(deps, { source: { kind: 'text', text: tamperJws(badges.vcJwt, (p) => ((p.vc as { name: string }).name = 'Flying')) } });
    expect(failed(tampered)[0]).toBe('proof');
  });
});

describe('verifyAny: what cannot be read or reached', () => {
  it('unreadable input of the user is a validation error; unreachable links are a failed source check', async () => {
    for (const source of [
      { kind: 'bytes' as const, bytes: new Uint8Array([1, 2, 3, 255, 254]) },
      { kind: 'text' as const, text: 'hello there' },
      { kind: 'json' as const, value: 42 },
      { kind: 'bytes' as const, bytes: bakedPng('openbadges', '').subarray(0, 40) },
    ]) {
      const error = await verifyAny(deps, { source }).catch((e: unknown) => e);
      expect(isAppError(error) && error.code === 'validation', String(error)).toBe(true);
    }
    for (const url of ['http://127.0.0.1:1/x', 'http://169.254.169.254/latest/meta-data', 'file:///etc/passwd', 'http://localhost/']) {
      const report = await verifyAny(deps, { source: { kind: 'url', url } });
      expect(report).toMatchObject({ valid: false, format: 'unknown', input: { kind: 'url' } });
      expect(failed(report)).toEqual(['source']);
      expect(check(report, 'source').code).toBe('source-unavailable');
      expect(check(report, 'source').params).toMatchObject({ url });
    }
  });

  it('a server that never answers: the fetch times out, and the whole verification has a deadline', async () => {
    badges.host.routes.set('/slow', () => undefined);
    const started = Date.now();
    const quick = createVerifierDeps({ allowHosts: [`127.0.0.1:${badges.host.port}`], timeoutMs: 300 }, systemClock);
    const timedOut = await verifyAny(quick, { source: { kind: 'url', url: `${badges.host.origin}/slow` } });
    expect(check(timedOut, 'source')).toMatchObject({ ok: false, code: 'source-unavailable', reason: expect.stringContaining(`could not fetch ${badges.host.origin}/slow: timed out`) });
    const deadline = await verifyAny({ ...deps, deadlineMs: 200 }, { source: { kind: 'url', url: `${badges.host.origin}/slow` } });
    expect(check(deadline, 'source')).toMatchObject({ ok: false, code: 'source-timeout', params: { seconds: '0.2' }, reason: expect.stringContaining('took longer than 0.2 s') });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
