import { afterEach, describe, expect, it, vi } from 'vitest';
import { request, setCsrfToken, setMfaRequiredHandler, setStepUpHandler, setUnauthenticatedHandler, withQuery } from './client';
import { ApiError } from './problem';

function answer(status: number, body?: unknown, type = 'application/json') {
  return vi.fn(async (_url: string, _init: RequestInit) => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': type } }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setUnauthenticatedHandler(null);
  setStepUpHandler(null);
  setMfaRequiredHandler(null);
});

describe('step-up and the MFA policy', () => {
  const stepUpRequired = { code: 'step-up-required', status: 403, detail: 'prove a factor again' };

  it('asks for a step-up on step-up-required and sends the same request once more when it was proven', async () => {
    const fetch = vi.fn(async (_url: string, _init: RequestInit) =>
      fetch.mock.calls.length === 1 ? new Response(JSON.stringify(stepUpRequired), { status: 403 }) : new Response(JSON.stringify({ id: 'k1' }), { status: 201 }),
    );
    vi.stubGlobal('fetch', fetch);
    const handler = vi.fn(async () => true);
    setStepUpHandler(handler);
    await expect(request('POST', '/api-keys', { body: { name: 'x' } })).resolves.toEqual({ id: 'k1' });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetch.mock.calls[1]![1].body).toBe('{"name":"x"}');
  });

  it('gives the error back when the person gives up, and never loops', async () => {
    const fetch = answer(403, stepUpRequired);
    vi.stubGlobal('fetch', fetch);
    setStepUpHandler(async () => false);
    await expect(request('POST', '/api-keys', { body: {} })).rejects.toMatchObject({ code: 'step-up-required' });
    expect(fetch).toHaveBeenCalledTimes(1);
    setStepUpHandler(async () => true);
    await expect(request('POST', '/api-keys', { body: {} })).rejects.toMatchObject({ code: 'step-up-required' });
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('tells the app when the organisation requires a second factor', async () => {
    vi.stubGlobal('fetch', answer(403, { code: 'mfa-required', status: 403 }));
    const required = vi.fn();
    setMfaRequiredHandler(required);
    await expect(request('GET', '/credentials')).rejects.toMatchObject({ code: 'mfa-required' });
    expect(required).toHaveBeenCalledTimes(1);
  });
});

describe('request', () => {
  it('sends the CSRF token on writes only, and JSON bodies with a content type', async () => {
    const fetch = answer(200, { ok: true });
    vi.stubGlobal('fetch', fetch);
    setCsrfToken('tok');
    await request('GET', '/issuers', { query: { q: 'acme', cursor: undefined, limit: 5 } });
    await request('POST', '/issuers', { body: { name: 'A' } });
    await request('POST', '/api-keys/1/revoke');

    const [getUrl, getInit] = fetch.mock.calls[0]!;
    expect(getUrl).toBe('/api/v1/issuers?q=acme&limit=5');
    expect(getInit.headers).not.toHaveProperty('x-csrf-token');
    const [, postInit] = fetch.mock.calls[1]!;
    expect(postInit.headers).toMatchObject({ 'x-csrf-token': 'tok', 'content-type': 'application/json' });
    expect(postInit.body).toBe('{"name":"A"}');
    // No body, no content type: the server would reject an empty JSON body.
    const [, revokeInit] = fetch.mock.calls[2]!;
    expect(revokeInit.headers).not.toHaveProperty('content-type');
    expect(revokeInit.body).toBeNull();
  });

  it('turns a problem document into an ApiError with messages per field', async () => {
    vi.stubGlobal(
      'fetch',
      answer(400, { type: 'x', title: 'bad', status: 400, code: 'validation', detail: 'the body is not valid', errors: [{ path: '/recipient/email', message: 'must match format "email"' }, { path: '/name', message: 'is required' }] }, 'application/problem+json'),
    );
    const error = await request('POST', '/credentials', { body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'validation', message: 'the body is not valid', fields: { 'recipient.email': 'must match format "email"', name: 'is required' } });
  });

  it('reports a lost session, but not for the session routes themselves', async () => {
    vi.stubGlobal('fetch', answer(401, { code: 'unauthenticated', detail: 'sign in' }));
    const lost = vi.fn();
    setUnauthenticatedHandler(lost);
    await request('POST', '/session', { body: {} }).catch(() => undefined);
    expect(lost).not.toHaveBeenCalled();
    await request('GET', '/issuers').catch(() => undefined);
    expect(lost).toHaveBeenCalledOnce();
  });

  it('maps network failures to code "network" and 204 to undefined', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('failed'))));
    await expect(request('GET', '/issuers')).rejects.toMatchObject({ status: 0, code: 'network' });
    vi.stubGlobal('fetch', answer(204));
    await expect(request('DELETE', '/session')).resolves.toBeUndefined();
  });
});

it('withQuery leaves out empty values', () => {
  expect(withQuery('/x', { a: '', b: null, c: undefined, d: 0, e: false })).toBe('/x?d=0&e=false');
});

describe('raw bodies', () => {
  it('sends FormData as it is, letting the browser set the multipart type', async () => {
    const fetch = vi.fn(async (_url: string, _init: RequestInit) => new Response(JSON.stringify({ valid: true }), { status: 200, headers: { 'content-type': 'application/json' } }));
    vi.stubGlobal('fetch', fetch);
    const form = new FormData();
    form.append('text', 'eyJ.x.y');
    await request('POST', '/verify', { raw: { body: form } });
    const [, init] = fetch.mock.calls[0]!;
    expect(init.body).toBe(form);
    expect(init.headers).not.toHaveProperty('content-type');
  });
});
