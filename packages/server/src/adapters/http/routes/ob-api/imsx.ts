import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isOAuthError } from '../../../../domain/oauth/oauth-error.js';
import { isAppError, type ErrorCode } from '../../../../domain/shared/errors.js';
import { redactPath } from '../../redact-path.js';

/** Imsx_CodeMinorFieldValue (OB 3.0 §B.3.6). */
export type ImsxCodeMinor =
  | 'forbidden'
  | 'internal_server_error'
  | 'invalid_data'
  | 'invalid_query_parameter'
  | 'misdirected_request'
  | 'not_acceptable'
  | 'not_allowed'
  | 'not_found'
  | 'server_busy'
  | 'unauthorizedrequest'
  | 'unknown';

/** The Imsx_StatusInfo body every error of the OB 3.0 API carries (OB 3.0 §B.3.1). */
export function statusInfo(description: string, minor: ImsxCodeMinor, severity: 'error' | 'status' = 'error') {
  return {
    imsx_codeMajor: 'failure',
    imsx_severity: severity,
    imsx_description: description,
    imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: minor }] },
  };
}

export function sendStatusInfo(reply: FastifyReply, status: number, description: string, minor: ImsxCodeMinor): FastifyReply {
  return reply.status(status).type('application/json').send(statusInfo(description, minor, minor === 'not_found' ? 'status' : 'error'));
}

const APP_ERRORS: Record<ErrorCode, [number, ImsxCodeMinor]> = {
  validation: [400, 'invalid_data'],
  'not-found': [404, 'not_found'],
  unauthenticated: [401, 'unauthorizedrequest'],
  forbidden: [403, 'forbidden'],
  conflict: [400, 'invalid_data'],
  'idempotency-key-reused': [400, 'invalid_data'],
  'invalid-state': [400, 'invalid_data'],
  'setup-already-done': [400, 'invalid_data'],
  'rate-limited': [429, 'server_busy'],
  'image-too-complex': [400, 'invalid_data'],
  'server-busy': [503, 'server_busy'],
  'selection-too-large': [422, 'invalid_data'],
  'mfa-required': [403, 'forbidden'],
  'step-up-required': [403, 'forbidden'],
  'event-signature-invalid': [401, 'unauthorizedrequest'],
  'lti-launch-invalid': [401, 'unauthorizedrequest'],
  'lti-platform-unreachable': [502, 'server_busy'],
  'claim-code-expired': [400, 'invalid_data'],
  'claim-code-withdrawn': [400, 'invalid_data'],
  'claim-code-used-up': [400, 'invalid_data'],
  'endorsement-not-verified': [400, 'invalid_data'],
  'endorsement-revoked': [404, 'not_found'],
  'credential-form-unavailable': [404, 'not_found'],
};

/** RFC 6750 §3: how a resource server says why a token was not enough. */
export function bearerChallenge(reply: FastifyReply, error: 'invalid_token' | 'insufficient_scope' | 'invalid_dpop_proof' | undefined, description?: string, scope?: string): void {
  const parts = ['realm="laurel"', ...(error ? [`error="${error}"`] : []), ...(description ? [`error_description="${description.replace(/["\\]/g, '')}"`] : []), ...(scope ? [`scope="${scope}"`] : [])];
  // RFC 9449 §7.1: a DPoP proof problem is told in the DPoP scheme.
  reply.header('www-authenticate', `${error === 'invalid_dpop_proof' ? 'DPoP' : 'Bearer'} ${parts.join(', ')}`);
}

function describe(error: FastifyError & { validation?: { instancePath: string; message?: string }[]; validationContext?: string }): string {
  if (!error.validation) return error.message;
  return `the ${error.validationContext ?? 'request'} is not valid: ${error.validation.map((v) => `${v.instancePath || '/'} ${v.message ?? 'is not valid'}`).join('; ')}`;
}

/** Errors under /ims/ob/v3p0 answer Imsx_StatusInfo, never a problem document or a stack trace. */
export function imsxErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError & { validation?: { instancePath: string; message?: string }[]; validationContext?: string }, request: FastifyRequest, reply) => {
    if (isOAuthError(error)) {
      const insufficient = error.code === 'insufficient_scope';
      bearerChallenge(reply, insufficient ? 'insufficient_scope' : error.code === 'invalid_dpop_proof' ? 'invalid_dpop_proof' : 'invalid_token', error.message);
      return sendStatusInfo(reply, insufficient ? 403 : 401, error.message, insufficient ? 'forbidden' : 'unauthorizedrequest');
    }
    if (isAppError(error)) {
      const [status, minor] = APP_ERRORS[error.code];
      const detail = error.fields?.length ? `${error.message}: ${error.fields.map((f) => `${f.path} ${f.message}`).join('; ')}` : error.message;
      return sendStatusInfo(reply, status, detail, minor);
    }
    if (error.validation) return sendStatusInfo(reply, 400, describe(error), error.validationContext === 'querystring' ? 'invalid_query_parameter' : 'invalid_data');
    const status = error.statusCode ?? 500;
    if (status === 429) return sendStatusInfo(reply, 429, 'too many requests; slow down', 'server_busy');
    if (status === 415) return sendStatusInfo(reply, 415, 'send application/json (or the VC-JWT as text/plain)', 'invalid_data');
    if (status >= 400 && status < 500) return sendStatusInfo(reply, status, status === 413 ? 'the request body is too large' : 'the request is not valid', 'invalid_data');
    request.log.error({ err: error }, 'OB 3.0 API request failed');
    return sendStatusInfo(reply, 500, 'something went wrong on our side', 'internal_server_error');
  });
  app.setNotFoundHandler((request, reply) => sendStatusInfo(reply, 404, `no route ${request.method} ${redactPath(request.url)}`, 'not_found'));
}
