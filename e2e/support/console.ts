import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { RunningServer } from './server.js';

export interface Owner {
  organisation: string;
  name: string;
  email: string;
  password: string;
}

/** First-run setup over the API (the organisation and its owner); returns the owner's all-scopes API key. */
export async function setupOwner(server: RunningServer, owner: Owner): Promise<string> {
  const res = await fetch(new URL('/api/v1/setup', server.baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organisationName: owner.organisation, name: owner.name, email: owner.email, password: owner.password }),
  });
  if (res.status !== 201) throw new Error(`setup answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { apiKey: string }).apiKey;
}

/**
 * A desktop browser context in British English on the server, signed in to the console (on the overview);
 * the page's uncaught errors are pushed to `errors`.
 */
export async function signedInConsole(browser: Browser, server: RunningServer, owner: Pick<Owner, 'email' | 'password'>, errors: string[], options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: server.baseUrl, locale: 'en-GB', viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(owner.email);
  await page.getByLabel('Password').fill(owner.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  return { context, page };
}

/** A call to the server's API with a bearer key: its status and JSON body (null when empty). */
export async function callApi(server: RunningServer, key: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(new URL(path, server.baseUrl), {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}
