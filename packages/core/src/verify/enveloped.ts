import type { JsonObject } from '../contexts/bundled.js';
import { VC_V2_CONTEXT } from '../contexts/urls.js';
import { asArray, typesOf } from './json.js';

/**
 * VC DM 2.0 § Enveloped Verifiable Credentials / Presentations (VC-JOSE-COSE): an object whose `id`
 * is a `data:` URL carrying the secured form, e.g. `data:application/vc+jwt,eyJ…`. The envelope itself
 * is not signed: only what it carries is verified.
 */
export const ENVELOPED_CREDENTIAL = 'EnvelopedVerifiableCredential';
export const ENVELOPED_PRESENTATION = 'EnvelopedVerifiablePresentation';

/** Media types whose content is a compact JWS (or an SD-JWT) handed to the credential / presentation verifier. */
const MEDIA_TYPES = {
  credential: ['application/vc+jwt', 'application/vc+sd-jwt', 'application/dc+sd-jwt', 'application/vc-ld+jwt', 'application/vc+ld+json+jwt'],
  presentation: ['application/vp+jwt', 'application/vp-ld+jwt', 'application/vp+ld+json+jwt'],
} as const;

export type EnvelopeKind = keyof typeof MEDIA_TYPES;

export type Unwrapped = { ok: true; mediaType: string; content: string } | { ok: false; detail: string };

export function isEnveloped(value: unknown, kind: EnvelopeKind): value is JsonObject {
  return typesOf(value).includes(kind === 'credential' ? ENVELOPED_CREDENTIAL : ENVELOPED_PRESENTATION);
}

/** `data:<media type>[;params][;base64],<data>` → media type and text; undefined when not a data URL. */
function parseDataUrl(url: string): { mediaType: string; text: string } | undefined {
  const match = /^data:([^,]*),(.*)$/s.exec(url);
  if (!match) return undefined;
  const params = match[1]!.split(';').map((p) => p.trim());
  const mediaType = (params[0] ?? '').toLowerCase();
  const base64 = params.slice(1).some((p) => p.toLowerCase() === 'base64');
  try {
    const raw = decodeURIComponent(match[2]!);
    return { mediaType, text: base64 ? new TextDecoder().decode(Uint8Array.from(atob(raw), (c) => c.charCodeAt(0))) : raw };
  } catch {
    return undefined;
  }
}

/** The secured content of an enveloped credential or presentation, or why it cannot be read. */
export function unwrapEnveloped(envelope: JsonObject, kind: EnvelopeKind): Unwrapped {
  const expected = kind === 'credential' ? ENVELOPED_CREDENTIAL : ENVELOPED_PRESENTATION;
  if (!asArray(envelope['@context']).includes(VC_V2_CONTEXT)) return { ok: false, detail: `an ${expected} needs the ${VC_V2_CONTEXT} @context` };
  if (typeof envelope.id !== 'string') return { ok: false, detail: `an ${expected} needs an id (a data: URL)` };
  const data = parseDataUrl(envelope.id);
  if (!data) return { ok: false, detail: `the id of an ${expected} must be a data: URL` };
  const accepted: readonly string[] = MEDIA_TYPES[kind];
  if (!accepted.includes(data.mediaType)) return { ok: false, detail: `media type ${data.mediaType || '(none)'} is not supported (supported: ${accepted.join(', ')})` };
  const content = data.text.trim();
  if (content === '') return { ok: false, detail: `the ${expected} carries nothing` };
  return { ok: true, mediaType: data.mediaType, content };
}
