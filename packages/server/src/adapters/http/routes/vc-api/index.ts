import fastifyRateLimit from '@fastify/rate-limit';
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createDocumentLoader, type JsonObject } from '@laurel/core';
import { localDidResolver } from '../../../../domain/keys/did-document.js';
import { didWebResolver } from '../../../../domain/verification/did-web.js';
import { createVerifierDeps } from '../../../verification/remote-documents.js';
import { selfAwareRemote } from '../../self-remote.js';
import { issueVc } from '../../../../domain/vc-api/issue-vc.js';
import { verifyVc } from '../../../../domain/vc-api/verify-vc.js';
import { actorOf, requireAuth } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { problem } from '../../problems.js';
import { Problem } from '../../schemas/common.js';
import { rateLimitOptions } from '../../rate-limit.js';
import { CheckReasonFields, reasonFields } from '../verify/verify.schema.js';
import { verifyRateLimit } from '../verify/verify-deps.js';

const tags = ['vc-api'];
const AnyObject = Type.Object({}, { additionalProperties: true });
const Check = Type.Object({ name: Type.String(), ok: Type.Boolean(), ...CheckReasonFields });
const VerifyResponse = Type.Object({
  verified: Type.Boolean(),
  format: Type.String(),
  checks: Type.Array(Type.String({ description: 'names of the checks that passed' })),
  results: Type.Array(Check),
  warnings: Type.Array(Type.String()),
  errors: Type.Array(Type.Object({ path: Type.String(), message: Type.String(), in: Type.Optional(Type.String()) }), { description: 'one entry per failed check' }),
});

/** A failed verification: a problem document that also carries the verification result. */
const VerifyFailure = Type.Object({ ...Problem.properties, ...Type.Partial(VerifyResponse).properties });

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

  await app.register(async (scope) => {
    const issuing = scope.withTypeProvider<TypeBoxTypeProvider>();
    issuing.addHook('onRequest', requireAuth(deps));
    issuing.post(
      '/vc/credentials/issue',
      {
        schema: {
          tags,
          summary: 'VC-API: issue (sign) a credential with one of your issuers (API key with credentials:issue)',
          body: Type.Object({ credential: AnyObject, options: Type.Optional(Type.Object({ issuerId: Type.Optional(Type.String()) }, { additionalProperties: true })) }, { additionalProperties: false }),
          response: { 201: Type.Object({ verifiableCredential: AnyObject }), 400: Problem, 401: Problem, 403: Problem },
        },
      },
      async (request, reply) => {
        const verifiableCredential = await issueVc(deps, { actor: actorOf(request), credential: request.body.credential as JsonObject, options: request.body.options });
        return reply.status(201).send({ verifiableCredential });
      },
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
        summary: 'VC-API: verify a credential (JSON-LD with a Data Integrity proof, or a VC-JWT); 400 when it does not verify',
        body: Type.Object({ verifiableCredential: Type.Union([AnyObject, Type.String()]), options: Type.Optional(AnyObject) }, { additionalProperties: false }),
        response: { 200: VerifyResponse, 400: VerifyFailure, 429: Problem },
      },
    },
    async (request, reply) => {
      const report = await verifyVc({ documentLoader, fetchJson: selfFetch, clock: deps.clock }, { verifiableCredential: request.body.verifiableCredential as JsonObject });
      const body = {
        verified: report.valid,
        format: report.format,
        checks: report.checks.filter((c) => c.ok).map((c) => c.name),
        results: report.checks.map((c) => ({ name: c.name, ok: c.ok, ...reasonFields(c) })),
        warnings: [],
        errors: report.checks.filter((c) => !c.ok).map((c) => ({ path: '/verifiableCredential', message: `${c.name}: ${c.reason}` })),
      };
      if (report.valid) return body;
      return reply.status(400).send({ ...problem('validation', 'the credential did not verify', { requestId: request.id }), ...body });
    },
  );
};
