import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { acceptEndorsement } from '../../../../domain/endorsements/accept-endorsement.js';
import { issueEndorsement } from '../../../../domain/endorsements/issue-endorsement.js';
import { getEndorsement, hideEndorsement, listEndorsements, publicEndorsement, receivedEndorsement, revokeEndorsement } from '../../../../domain/endorsements/manage-endorsements.js';
import { getIssuerProfile } from '../../../../domain/public-pages/get-issuer-profile.js';
import type { Endorsement } from '../../../../domain/endorsements/ports.js';
import { createVerifierDeps } from '../../../verification/remote-documents.js';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { selfAwareRemote } from '../../self-remote.js';
import { IdParams, Problem, errorResponses } from '../../schemas/common.js';
import { EndorsementView, InboundEndorsementBody, IssueEndorsementBody } from './endorsements.schema.js';

const toView = (e: Endorsement, orgId: string) => ({
  id: e.id, direction: e.direction, mine: e.orgId === orgId, credentialId: e.credentialId, endorserIssuerId: e.orgId === orgId ? e.endorserIssuerId : null,
  endorserId: e.endorserId, endorserName: e.endorserName, subject: { type: e.subjectType, id: e.subjectId, url: e.subjectUrl }, comment: e.comment,
  revokedAt: e.revokedAt, hiddenAt: e.hiddenAt, createdAt: e.createdAt, credential: JSON.parse(e.document) as unknown,
});

/** Endorsements (authenticated /api/v1): make one, accept an outside one, list, read, revoke. */
export const endorsementRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  const tags = ['endorsements'];
  // The same guarded remote access as POST /api/v1/verify (its own documents read in-process).
  const configured = deps.verify?.verifier ?? createVerifierDeps({ allowHosts: [], isolation: deps.untrusted.pdf }, deps.clock);
  const verifier = { ...configured, remote: selfAwareRemote(app, deps.links.base, configured.remote) };

  app.post('/endorsements', { schema: { tags, summary: "Endorse an achievement or an issuer: an OB 3.0 EndorsementCredential signed with the endorser issuer's key", body: IssueEndorsementBody, response: { 201: EndorsementView, ...errorResponses } } }, async (request, reply) => {
    const actor = actorOf(request);
    const e = await issueEndorsement(deps, { actor, ...request.body });
    return reply.status(201).send(toView(e, actor.principal.orgId));
  });
  app.post('/endorsements/inbound', { schema: { tags, summary: "Accept an outside party's signed EndorsementCredential of one of this organisation's achievements or issuers (verified on the way in)", body: InboundEndorsementBody, response: { 200: EndorsementView, 201: EndorsementView, ...errorResponses } } }, async (request, reply) => {
    const actor = actorOf(request);
    const { endorsement, created } = await acceptEndorsement({ ...deps, verifier }, { actor, credential: request.body.credential, url: request.body.url });
    return reply.status(created ? 201 : 200).send(toView(endorsement, actor.principal.orgId));
  });
  app.get('/endorsements', { schema: { tags, summary: 'Endorsements this organisation made or accepted, and those other organisations here made of it', response: { 200: Type.Object({ items: Type.Array(EndorsementView) }), ...errorResponses } } }, async (request) => {
    const actor = actorOf(request);
    return { items: (await listEndorsements(deps, { actor })).map((e) => toView(e, actor.principal.orgId)) };
  });
  app.get('/endorsements/:id', { schema: { tags, summary: 'One endorsement this organisation owns or is endorsed by', params: IdParams, response: { 200: EndorsementView, ...errorResponses } } }, async (request) => {
    const actor = actorOf(request);
    return toView(await getEndorsement(deps, { actor, id: request.params.id }), actor.principal.orgId);
  });
  app.post('/endorsements/:id/revoke', { schema: { tags, summary: 'Revoke an endorsement made here (its published copy answers 410), or withdraw an accepted one from the pages', params: IdParams, response: { 200: EndorsementView, ...errorResponses } } }, async (request) => {
    const actor = actorOf(request);
    return toView(await revokeEndorsement(deps, { actor, id: request.params.id }), actor.principal.orgId);
  });
  app.post('/endorsements/:id/hide', { schema: { tags, summary: "Take an endorsement of this organisation (by anyone) off its page and out of the credentials it issues from now on", params: IdParams, response: { 200: EndorsementView, ...errorResponses } } }, async (request) => {
    const actor = actorOf(request);
    return toView(await hideEndorsement(deps, { actor, id: request.params.id }), actor.principal.orgId);
  });
};

/** Published endorsements (public): those signed here (410 once revoked), those accepted from outside, and the issuer profiles that list them. */
export const endorsementPublicRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.get('/ob3/endorsements/:id', { schema: { tags: ['published'], summary: 'OB 3.0 EndorsementCredential signed here (JSON-LD with a Data Integrity proof); 410 Gone once revoked', params: IdParams, response: { 200: Type.Unknown(), 404: Problem, 410: Problem } } }, async (request, reply) => {
    const body = await publicEndorsement(deps, { id: request.params.id });
    return reply.header('cache-control', 'public, max-age=60').type('application/ld+json').serializer((x: unknown) => x as string).send(body);
  });
  app.get('/ob3/endorsements/received/:id', { schema: { tags: ['published'], summary: "An outside party's EndorsementCredential accepted here, verbatim (its own proof); 404 once withdrawn or hidden", params: IdParams, response: { 200: Type.Unknown(), 404: Problem } } }, async (request, reply) => {
    const body = await receivedEndorsement(deps, { id: request.params.id });
    return reply.header('cache-control', 'public, max-age=60').type('application/ld+json').serializer((x: unknown) => x as string).send(body);
  });
  app.get('/ob3/issuers/:id', { schema: { tags: ['published'], summary: "An issuer's OB 3.0 Profile (JSON-LD) with its live endorsements (Profile.endorsement)", params: IdParams, response: { 200: Type.Unknown(), 404: Problem } } }, async (request, reply) => {
    const profile = await getIssuerProfile(deps, { id: request.params.id });
    return reply.header('cache-control', 'public, max-age=60').type('application/ld+json').serializer((x: unknown) => JSON.stringify(x)).send(profile);
  });
};
