/**
 * Award rules in a real browser against the real server (its job worker running): an admin writes a rule
 * on an achievement, tests it against sample events (nothing awarded), creates a source of signed events;
 * an event signed by the `standardwebhooks` package is then awarded by the worker, and the credential's
 * history says which rule and event. Edit, delete, French, axe on each screen.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { callApi, setupOwner, signedInConsole } from './support/console.js';
import { ARTIFACTS, screenshot } from './support/paths.js';
import { startServer, type RunningServer } from './support/server.js';

const OWNER = { organisation: 'Rules Academy', name: 'Ada Admin', email: 'ada@rules.test', password: 'correct horse battery' };

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let ownerKey: string;
const pageErrors: string[] = [];

const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });

const api = (method: string, path: string, body?: unknown) => callApi(server, ownerKey, method, path, body);

describe('award rules (Chromium)', () => {
  let achievementId: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    ownerKey = await setupOwner(server, OWNER);
    const issuerId = (await api('POST', '/api/v1/issuers', { name: 'Rules Academy', url: 'https://rules.test', email: 'badges@rules.test' })).json.id;
    achievementId = (await api('POST', '/api/v1/achievements', { issuerId, name: 'Rust passed', description: 'Passed the Rust course', criteria: { narrative: 'Score 80 or more' }, kind: 'badge' })).json.id;
    ({ context, page } = await signedInConsole(browser, server, OWNER, pageErrors));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('writes a rule, tests it against sample events without awarding, and a signed event awards it', async () => {
    await page.goto(`/achievements/${achievementId}/edit`);
    await page.getByRole('link', { name: 'Award rules' }).click();
    await heading('Award rules: Rust passed').waitFor();
    await expectAccessible(page);

    await page.getByLabel('Name', { exact: true }).fill('Passed with 80 or more');
    await page.getByLabel('Event type', { exact: true }).fill('course.completed');
    await page.getByLabel(/Conditions on the event/).fill('{"all": [{"path": "score", "op": ">=", "value": 80}]}');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('row', { name: /Passed with 80 or more/ }).waitFor();

    await page.getByLabel(/Conditions on the event/).fill('{"all": [{"path": "score", "op": ">=", "value": 80}]}');
    await page.getByRole('button', { name: 'Test the rule' }).click();
    await page.getByText('This event would award the achievement.').waitFor();
    await screenshot(page, 'r01-rule-test-awards');
    await page.getByLabel('Sample event (JSON)').fill(JSON.stringify({ id: 's-2', type: 'course.completed', occurredAt: new Date().toISOString(), subject: { email: 'low@rules.test' }, data: { score: 50 } }));
    await page.getByRole('button', { name: 'Test the rule' }).click();
    await page.getByText('This event would not award the achievement.').waitFor();
    await expectAccessible(page);
    // A broken condition is refused with the server's field message, not a crash.
    await page.getByLabel('Name', { exact: true }).fill('Broken');
    await page.getByLabel(/Conditions on the event/).fill('{"path": "score", "op": "~", "value": 1}');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('alert').filter({ hasText: /Conditions on the event’s data \(JSON\): op: one of ==/ }).waitFor();
    await page.getByLabel(/Conditions on the event/).fill('{not json');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('alert').filter({ hasText: 'This is not valid JSON.' }).waitFor();
    await expectAccessible(page);
    expect((await api('GET', `/api/v1/achievements/${achievementId}/rules`)).json.items).toHaveLength(1);
    expect((await api('GET', '/api/v1/credentials')).json.items).toHaveLength(0);

    await page.getByLabel('Source name').fill('Moodle');
    await page.getByRole('button', { name: 'Create source' }).click();
    const secretField = page.getByLabel(/Signing secret of Moodle/);
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    const url = await page.getByLabel(/Events URL of Moodle/).inputValue();
    expect(secret).toMatch(/^whsec_/);
    await screenshot(page, 'r02-event-source');
    await expectAccessible(page);

    const body = JSON.stringify({ id: 'moodle-42', type: 'course.completed', occurredAt: new Date(Date.now() - 90_000).toISOString(), subject: { email: 'learner@rules.test', name: 'Lin Learner' }, data: { score: 91 } });
    const now = new Date();
    const signature = new Webhook(secret).sign('msg_42', now, body);
    const sent = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-id': 'msg_42', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signature }, body });
    expect(sent.status).toBe(202);
    let credentials: Array<{ id: string }> = [];
    for (let i = 0; i < 100 && credentials.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      credentials = (await api('GET', '/api/v1/credentials')).json.items;
    }
    expect(credentials).toHaveLength(1);
    await page.goto(`/credentials/${credentials[0]!.id}/details`);
    await page.getByText('Awarded by a rule').waitFor();
    expect(await page.getByText(/Rule “Passed with 80 or more”, event moodle-42 \(course\.completed\)/).count()).toBe(1);
    await screenshot(page, 'r03-history-awarded-by-rule');
    await expectAccessible(page);
  });

  it('edits and deletes a rule, in French too', async () => {
    await page.goto(`/achievements/${achievementId}/rules`);
    await heading('Award rules: Rust passed').waitFor();
    await page.getByRole('button', { name: 'Edit rule Passed with 80 or more' }).click();
    await page.getByRole('heading', { name: /Edit the rule/ }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Passed with 85 or more');
    await page.getByLabel(/Award again on every matching event/).check();
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.getByRole('row', { name: /Passed with 85 or more.*On every matching event/ }).waitFor();

    await page.getByLabel('Language').selectOption('fr');
    await heading('Règles d’attribution : Rust passed').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'r04-rules-fr');
    await page.getByLabel('Langue').selectOption('en');

    await page.getByRole('button', { name: 'Delete rule Passed with 85 or more' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete rule' }).click();
    await page.getByText('No rules yet').waitFor();
    expect((await api('GET', `/api/v1/achievements/${achievementId}/rules`)).json.items).toHaveLength(0);
    expect(pageErrors).toEqual([]);
  });
});
