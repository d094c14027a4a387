/**
 * The certificate template editor in a real browser against the real server: the live preview is a
 * PDF the API draws, shown in the page (the CSP lets only same-origin blob: frames in), redrawn as the
 * design changes; the design is saved and comes back. Screenshots go to test-artifacts/e2e/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, seriousViolations } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { ARTIFACTS } from './support/paths.js';
import { startServer, type RunningServer } from './support/server.js';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

const frameSrc = () => page.getByTitle('Preview of the certificate (PDF)').getAttribute('src');

interface PreviewRequest {
  recipientName: string;
  design: { orientation: string; title: string | null };
}

/**
 * The next preview the page asks the API for (for the given name: a redraw already on its way for an
 * earlier edit is not the one awaited): the design and name it sent, answered with a PDF. (Its bytes
 * are the API tests' business: the page hands them to the frame as a blob: URL.)
 */
async function nextPreview(recipientName?: string): Promise<PreviewRequest> {
  const response = await page.waitForResponse(
    (r) =>
      r.url().endsWith('/api/v1/certificate-templates/preview') &&
      r.request().method() === 'POST' &&
      // A preview the loaded server was too busy to draw (503) is asked again by the page: wait for that one.
      r.status() !== 503 &&
      (recipientName === undefined || (r.request().postDataJSON() as PreviewRequest).recipientName === recipientName),
  );
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  return response.request().postDataJSON();
}

describe('certificate template editor (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    context = await browser.newContext({ baseURL: server.baseUrl, locale: 'en-GB', viewport: { width: 1400, height: 1000 } });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto('/');
    await page.getByLabel('Organisation name').fill('Northwind Institute');
    await page.getByLabel('Your name').fill('Grace Hopper');
    await page.getByLabel('Your email address').fill('grace@northwind.test');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await page.getByRole('button', { name: 'I have stored the key' }).click();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('shows a live PDF preview that follows the design, and saves it', async () => {
    const firstPreview = nextPreview();
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Certificates', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Certificate templates' }).waitFor();
    expect((await firstPreview).recipientName).toBe('Ada Lovelace');
    await page.getByTitle('Preview of the certificate (PDF)').waitFor();
    const first = await frameSrc();
    expect(first?.startsWith('blob:')).toBe(true);

    await page.getByRole('radio', { name: 'Portrait' }).check();
    await page.getByRole('textbox', { name: /^Title/ }).fill('Diploma');
    await page.getByRole('button', { name: 'Add a signatory' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Dr. Amara Okafor');
    const redrawn = nextPreview('محمد عبد الله');
    await page.getByLabel('Name on the preview').fill('محمد عبد الله');
    const body = await redrawn;
    expect(body.recipientName).toBe('محمد عبد الله');
    expect(body.design).toMatchObject({ orientation: 'portrait', title: 'Diploma' });
    await expect.poll(frameSrc).not.toBe(first);
    await page.screenshot({ path: join(ARTIFACTS, 'certificates-editor.png'), fullPage: true });

    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Template saved.' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Certificate templates' }).waitFor();
    await expect.poll(() => page.getByRole('textbox', { name: /^Title/ }).inputValue()).toBe('Diploma');
    expect(await page.getByRole('radio', { name: 'Portrait' }).isChecked()).toBe(true);
    expect(problems.filter((p) => /Content Security Policy|Refused/i.test(p))).toEqual([]);
  });
});
