import type { FastifyRequest } from 'fastify';
import type { DpopRequest, PresentedAccessToken } from '../../domain/oauth/dpop.js';

/**
 * What a request shows for DPoP (RFC 9449): every `DPoP` header as sent (two headers are two proofs, and
 * refused), its method, and its URL as the client addressed it (Laurel's public base URL and the path).
 */
export function dpopRequestOf(request: FastifyRequest, base: string): DpopRequest {
  const raw = request.raw.rawHeaders;
  const proofs: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.toLowerCase() === 'dpop') proofs.push(raw[i + 1]!);
  return { proofs, method: request.method, url: `${base}${request.url}` };
}

/** The access token of `Authorization: Bearer <token>` or `Authorization: DPoP <token>`, with the request's DPoP proof. */
export function presentedAccessTokenOf(request: FastifyRequest, base: string): PresentedAccessToken | undefined {
  const match = /^(Bearer|DPoP)\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match) return undefined;
  const scheme = match[1]!.toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
  return { value: match[2]!, scheme, dpop: dpopRequestOf(request, base) };
}
