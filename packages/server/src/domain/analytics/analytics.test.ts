import { describe, expect, it } from 'vitest';
import { rollupOfHistory, wholeHours } from './metrics.js';
import { isBot, optedOut } from './privacy.js';
import { distribution, weekOf } from './read-analytics.js';
import { createEngagementRecorder } from './record-engagement.js';
import type { AnalyticsRepo } from './ports.js';

describe('analytics rules', () => {
  it('tells people from crawlers, previewers and scripts by user agent', () => {
    expect(isBot('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe(false);
    expect(isBot('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')).toBe(false);
    for (const ua of ['Mozilla/5.0 (compatible; Googlebot/2.1)', 'LinkedInBot/1.0', 'facebookexternalhit/1.1', 'Twitterbot/1.0', 'Slackbot-LinkExpanding 1.0', 'WhatsApp/2.23', 'curl/8.5.0', 'python-requests/2.31', 'Mozilla/5.0 HeadlessChrome/120', '', undefined, 'x'.repeat(2000)]) {
      expect(isBot(ua), String(ua).slice(0, 40)).toBe(true);
    }
  });

  it('honours Do-Not-Track and Global Privacy Control', () => {
    expect(optedOut({ dnt: '1' })).toBe(true);
    expect(optedOut({ gpc: '1' })).toBe(true);
    expect(optedOut({ dnt: '0' })).toBe(false);
    expect(optedOut({})).toBe(false);
  });

  it('finds exact medians and buckets from whole-hour cells', () => {
    expect(distribution([])).toMatchObject({ median: null, count: 0 });
    expect(distribution([{ hours: 5, count: 1 }, { hours: 1, count: 1 }, { hours: 100, count: 1 }]).median).toBe(5);
    expect(distribution([{ hours: 2, count: 2 }, { hours: 10, count: 2 }]).median).toBe(6);
    const d = distribution([{ hours: 0, count: 3 }, { hours: 30, count: 1 }, { hours: 8784, count: 1 }]);
    expect(d.buckets.filter((b) => b.count > 0)).toEqual([{ bucket: 'under-1h', count: 3 }, { bucket: '1d-7d', count: 1 }, { bucket: '90d-plus', count: 1 }]);
  });

  it('maps history events to the rollup, bounces on a first refusal only', () => {
    expect(rollupOfHistory({ type: 'issued', details: { hoursToIssue: 48, renews: 'c1' } })).toEqual([{ metric: 'issued', dim: '' }, { metric: 'hours-to-issue', dim: '48' }, { metric: 'renewed', dim: '' }]);
    expect(rollupOfHistory({ type: 'email.failed', details: { code: 'EENVELOPE', smtpStatus: 550, attempt: 1 } })).toEqual([{ metric: 'bounced', dim: '' }]);
    expect(rollupOfHistory({ type: 'email.failed', details: { code: 'EENVELOPE', smtpStatus: 550, attempt: 2 } })).toEqual([]);
    expect(rollupOfHistory({ type: 'email.failed', details: { code: 'ECONNECTION', attempt: 1 } })).toEqual([]);
    expect(rollupOfHistory({ type: 'awarded-by-rule', details: { secondsFromEvent: 7300 } })).toEqual([{ metric: 'hours-to-issue', dim: '2' }]);
    expect(rollupOfHistory({ type: 'resent', details: {} })).toEqual([]);
    expect(wholeHours('2026-01-02T00:00:00Z', '2026-01-01T00:00:00Z')).toBe(0);
    expect(weekOf('2026-12-06')).toBe('2026-11-30');
    expect(weekOf('2026-12-07')).toBe('2026-12-07');
  });

  it('never throws into the request: a failing store is counted as an error', async () => {
    const outcomes: string[] = [];
    const failing = { increment: async () => { throw new Error('db down'); }, countForCredentials: async () => { throw new Error('db down'); } } as unknown as AnalyticsRepo;
    const recorder = createEngagementRecorder({ store: { analytics: failing, transaction: (fn) => fn({ analytics: failing }) }, clock: { now: () => new Date('2026-12-07T10:00:00Z') }, telemetry: { credentialIssued: () => {}, credentialVerified: () => {}, analyticsEvent: (o) => outcomes.push(o) } });
    const credential = { id: 'c', orgId: 'o', issuerId: 'i', achievementId: 'a' };
    expect(() => recorder.record({ credential, metric: 'shared', dim: 'x', browser: true, signal: { userAgent: 'Mozilla/5.0 Firefox/133.0' } })).not.toThrow();
    recorder.record({ credential, metric: 'shared', dim: 'x', browser: true, signal: { userAgent: 'Mozilla/5.0 Firefox/133.0', dnt: '1' } });
    await recorder.settled();
    expect(outcomes.sort()).toEqual(['error', 'skipped']);
  });
});
