import fastifyRateLimit from '@fastify/rate-limit';
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createDocumentLoader, type JsonObject } from '@laurel/core';
import { localDidResolver } from '../../../../domain/keys/did-document.js';
import { didWebResolver } from '../../../../domain/verification/did-web.js';
import { createVerifierDeps } from '../../../verification/remote-documents.js';
import { nodeJwsVerifier } from '../../../keys/node-jws-verifier.js';
import { selfAwareRemote } from '../../self-remote.js';
import { issueVc } from '../../../../domain/vc-api/issue-vc.js';
import { verifyVc, verifyVp } from '../../../../domain/vc-api/verify-vc.js';
import { verifiedCredential } from '../../../../domain/analytics/verified-credential.js';
import { recordEngagement } from '../../engagement.js';
import { updateVcStatus } from '../../../../domain/vc-api/update-vc-status.js';
import { credentialResult, presentationResult } from '../../../../domain/vc-api/verification-result.js';
import { actorOf, requireAuth } from '../../auth.js';
import { countIssue, countVerify } from '../../count-outcomes.js';
import type { HttpDeps } from '../../http-deps.js';
import { problem } from '../../problems.js';
import { Problem } from '../../schemas/common.js';
import { rateLimitOptions } from '../../rate-limit.js';
import { AnyObject, IssueOptions, StatusRequests, VerifyFailure, VerifyPresentationFailure, VerifyPresentationOptions, VerifyPresentationResponse, VerifyResponse } from './vc-api.schema.js';
import { verifyRateLimit } from '../../../verification/verify-limits.js';

const tags = ['vc-api'];
const PROBLEM_JSON = 'application/problem+json';
/**
 * W3C VC-API issuer and verifier endpoints, so standard test suites and wallets can drive Laurel.
 * Own URLs (status lists, keys, DID documents) are resolved inside the server, never over the network.
 */
export const vcApiRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  // Our own documents in-process; other issuers' through the SSRF-guarded fetch.
  const remote = selfAwareRemote(app, deps.links.base, (deps.verify?.verifier ?? createVerifierDeps({ allowHosts: [] }, deps.clock)).remote);
  const selfFetch = async (url: string): Promise<unknown> => {
    const got = await remote.getJson(url);
    if (!got.ok) throw new Error(got.reason);
    return got.json;
  };
  const ownDids = localDidResolver(deps);
  const otherDids = didWebResolver(remote);
  const documentLoader = createDocumentLoader({ resolveDid: async (did) => (await ownDids(did)) ?? otherDids(did) });
  const verifierPorts = { documentLoader, fetchJson: selfFetch, clock: deps.clock, jwsVerifier: nodeJwsVerifier };

  await app.register(async (scope) => {
    const issuing = scope.withTypeProvider<TypeBoxTypeProvider>();
    issuing.addHook('onRequest', requireAuth(deps));
    issuing.post(
      '/vc/credentials/issue',
      {
        schema: {
          tags,
          summary: 'VC-API: issue (sign) a credential with one of your issuers (API key with credentials:issue)',
          body: Type.Object({ credential: AnyObject, options: Type.Optional(IssueOptions) }, { additionalProperties: false }),
          response: { 201: Type.Object({ verifiableCredential: AnyObject }), 400: Problem, 401: Problem, 403: Problem, 409: Problem },
        },
      },
      async (request, reply) => {
        const verifiableCredential = await countIssue(deps, 'vc-api', () => issueVc(deps, { actor: actorOf(request), credential: request.body.credential as JsonObject, options: request.body.options }));
        return reply.status(201).send({ verifiableCredential });
      },
    );
    issuing.post(
      '/vc/credentials/status',
      {
        schema: {
          tags,
          summary: 'VC-API: set (or with status: false, clear) the revocation / suspension bit of a credential you issued through the VC-API with status (API key with credentials:revoke)',
          body: Type.Object(
            { credentialId: Type.String({ minLength: 1, maxLength: 2000 }), credentialStatus: StatusRequests, status: Type.Optional(Type.Boolean()) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              credentialId: Type.String(),
              credentialStatus: Type.Array(Type.Object({ type: Type.Literal('BitstringStatusListEntry'), statusPurpose: Type.String(), status: Type.Boolean() })),
            }),
            400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem,
          },
        },
      },
      async (request) => updateVcStatus(deps, { actor: actorOf(request), ...request.body }),
    );
  });

  // Public, like POST /api/v1/verify, and as costly (signatures, remote documents): the same per-IP limit.
  await app.register(fastifyRateLimit, rateLimitOptions(deps));
  app.post(
    '/vc/credentials/verify',
    {
      config: { rateLimit: verifyRateLimit(deps.verify) },
      schema: {
        tags,
        summary: 'VC-API: verify a credential (JSON-LD with a Data Integrity proof, a VC-JWT, or an EnvelopedVerifiableCredential); 400 when it does not verify',
        body: Type.Object({ verifiableCredential: Type.Union([AnyObject, Type.String()]), options: Type.Optional(AnyObject) }, { additionalProperties: false }),
        response: { 200: VerifyResponse, 400: VerifyFailure, 429: Problem },
      },
    },
    async (request, reply) => {
      const report = await countVerify(deps, 'vc-api', () => verifyVc(verifierPorts, { verifiableCredential: request.body.verifiableCredential as JsonObject, options: request.body.options }));
      recordEngagement(deps, request, { credential: () => verifiedCredential(deps, report), metric: 'verified', dim: 'vc-api', browser: false });
      const body = credentialResult(report);
      if (report.valid) return body;
      return reply.status(400).type(PROBLEM_JSON).send({ ...problem('validation', 'the credential did not verify', { requestId: request.id }), ...body });
    },
  );

  app.post(
    '/vc/presentations/verify',
    {
      config: { rateLimit: verifyRateLimit(deps.verify) },
      schema: {
        tags,
        summary:
          'VC-API: verify a presentation (Data Integrity proof by a key its holder lists under authentication, challenge and domain; or without proof; or an EnvelopedVerifiablePresentation / VP-JWT) and every credential in it; 400 when it does not verify',
        body: Type.Object(
          {
            verifiablePresentation: Type.Optional(Type.Union([AnyObject, Type.String()])),
            presentation: Type.Optional(AnyObject),
            options: Type.Optional(VerifyPresentationOptions),
          },
          { additionalProperties: false, description: 'verifiablePresentation, or presentation (a VC-API proofless request): exactly one' },
        ),
        response: { 200: VerifyPresentationResponse, 400: VerifyPresentationFailure, 429: Problem },
      },
    },
    async (request, reply) => {
      const { verifiablePresentation, presentation, options } = request.body;
      if ((verifiablePresentation === undefined) === (presentation === undefined)) {
        const message = 'send exactly one of verifiablePresentation and presentation';
        return reply.status(400).type(PROBLEM_JSON).send(problem('validation', message, { requestId: request.id, errors: [{ path: '/verifiablePresentation', message }] }));
      }
      const given = (verifiablePresentation ?? presentation) as JsonObject | string;
      const report = await countVerify(deps, 'vc-api-presentation', () => verifyVp(verifierPorts, { verifiablePresentation: given, options }));
      const body = { ...presentationResult(report), ...(options?.returnPresentation && report.presentation ? { verifiablePresentation: report.presentation } : {}) };
      if (report.valid) return body;
      return reply.status(400).type(PROBLEM_JSON).send({ ...problem('validation', 'the presentation did not verify', { requestId: request.id }), ...body });
    },
  );
};
