import { createHash } from 'node:crypto';
import { html, raw } from '../../../html/html.js';

/** LTI Dynamic Registration §3.6: the tool tells the platform's window it is done. */
const SCRIPT = "(window.opener || window.parent).postMessage({ subject: 'org.imsglobal.lti.close' }, '*');";
export const REGISTERED_SCRIPT_HASH = `sha256-${createHash('sha256').update(SCRIPT).digest('base64')}`;

export function registeredPage(name: string): string {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Laurel is registered</title></head><body><main><h1>Laurel is registered</h1><p>${name} can now launch Laurel. You may close this window.</p></main><script>${raw(SCRIPT)}</script></body></html>`.value;
}
