import { describe, expect, it } from 'vitest';
import { recentSubscriptions } from './recent-subscriptions.js';

describe('recent subscriptions', () => {
  it('asks the database once a second per organisation and type, and again after a failure', async () => {
    let elapsed = 0;
    const asked: string[] = [];
    let endpoints: unknown[] = [];
    let fail = false;
    const subscribers = recentSubscriptions({
      elapsedMs: () => elapsed,
      webhooks: {
        subscribed: async (orgId, type) => {
          asked.push(`${orgId} ${type}`);
          if (fail) throw new Error('database away');
          return endpoints as never;
        },
      },
    });
    expect(await subscribers('org-1', 'credential.viewed')).toBe(false);
    endpoints = [{ id: 'e1' }];
    expect(await subscribers('org-1', 'credential.viewed')).toBe(false); // within the second: remembered
    expect(await subscribers('org-2', 'credential.viewed')).toBe(true); // another organisation: asked
    expect(await subscribers('org-1', 'credential.shared')).toBe(true); // another type: asked
    elapsed = 1_000;
    expect(await subscribers('org-1', 'credential.viewed')).toBe(true); // a second later: asked again
    expect(asked).toEqual(['org-1 credential.viewed', 'org-2 credential.viewed', 'org-1 credential.shared', 'org-1 credential.viewed']);
    fail = true;
    elapsed = 2_500;
    await expect(subscribers('org-1', 'credential.viewed')).rejects.toThrow('database away');
    fail = false;
    expect(await subscribers('org-1', 'credential.viewed')).toBe(true); // the failure was not remembered
  });
});
