import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { EventSource, InboundEvent, RuleAward } from '../../../../domain/event-rules/ports.js';
import { getEvent, listEvents } from '../../../../domain/event-rules/read-events.js';
import { createEventSource, deleteEventSource, listEventSources } from '../../../../domain/event-rules/manage-sources.js';
import { authenticateEventSource, receiveEvent, receiveSignedEvent } from '../../../../domain/event-rules/receive-event.js';
import { actorOf, requireAuth } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { IdParams, errorResponses } from '../../schemas/common.js';
import { CreateSourceBody, EventAccepted, EventBody, EventsQuery, EventView, SourceView, SourceWithSecret } from './events.schema.js';

const tags = ['events'];
/** An event is small: its `data` is capped at 16 KiB; the whole body at 64 KiB. */
const EVENT_BODY_LIMIT = 64 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    rawEventBody?: string;
    eventSource?: EventSource;
  }
}

const signatureHeaders = (request: FastifyRequest) => {
  const header = (name: string) => {
    const v = request.headers[name];
    return Array.isArray(v) ? v.join(' ') : v;
  };
  return { 'webhook-id': header('webhook-id'), 'webhook-timestamp': header('webhook-timestamp'), 'webhook-signature': header('webhook-signature') };
};

/**
 * `POST /api/v1/events`: an API credential (bearer API key or machine client token that may issue), or
 * `?source=<id>` and a Standard Webhooks signature over the raw body. Stored, then answered 202.
 */
export const eventIntakeRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  // The signature covers the bytes sent: keep them as text, then parse.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: EVENT_BODY_LIMIT }, (request, body, done) => {
    request.rawEventBody = body as string;
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      done(Object.assign(error as Error, { statusCode: 400 }), undefined);
    }
  });
  const authenticate = requireAuth(deps);
  app.addHook('onRequest', async (request, reply) => {
    const query = request.query as { source?: string };
    if (!query.source) return authenticate(request, reply);
  });
  app.addHook('preValidation', async (request) => {
    if (request.principal) return;
    request.eventSource = await authenticateEventSource(deps, {
      sourceId: (request.query as { source?: string }).source, headers: signatureHeaders(request), rawBody: request.rawEventBody ?? '',
    });
  });
  app.post('/events', {
    bodyLimit: EVENT_BODY_LIMIT,
    schema: {
      tags, summary: 'Send an event (award rules evaluate it after the 202)', querystring: EventsQuery, body: EventBody,
      response: { 202: EventAccepted, ...errorResponses },
    },
  }, async (request, reply) => {
    const received = request.eventSource
      ? await receiveSignedEvent(deps, { source: request.eventSource, event: request.body })
      : await receiveEvent(deps, { actor: actorOf(request), event: request.body });
    const { event } = received;
    return reply.status(202).send({ id: event.id, eventId: event.eventId, duplicate: received.duplicate, status: event.status });
  });
};

const toEventView = (e: InboundEvent, awarded: RuleAward[] = []) => ({
  id: e.id, eventId: e.eventId, type: e.type, occurredAt: e.occurredAt, receivedAt: e.receivedAt, receivedVia: e.receivedVia, status: e.status,
  awards: e.awards, processedAt: e.processedAt,
  awarded: awarded.map((a) => ({ ruleId: a.ruleId, credentialId: a.credentialId, issuedAt: a.issuedAt, latencyMs: a.latencyMs })),
});
const toSourceView = (s: EventSource) => ({ id: s.id, name: s.name, createdAt: s.createdAt, lastUsedAt: s.lastUsedAt });

/** Events received and the event sources (inside the authenticated /api/v1 scope). */
export const eventRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.get('/events', { schema: { tags, summary: 'Latest events received, newest first', querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }, { additionalProperties: false }), response: { 200: Type.Object({ items: Type.Array(EventView) }), ...errorResponses } } }, async (request) => {
    return { items: (await listEvents(deps, { actor: actorOf(request), limit: request.query.limit ?? 50 })).map((e) => toEventView(e)) };
  });
  app.get('/events/:id', { schema: { tags, summary: 'One event (Laurel\'s id or yours) and what it awarded', params: IdParams, response: { 200: EventView, ...errorResponses } } }, async (request) => {
    const { event, awarded } = await getEvent(deps, { actor: actorOf(request), id: request.params.id });
    return toEventView(event, awarded);
  });
  app.post('/event-sources', { schema: { tags, summary: 'Create a source of signed events (its secret is shown once)', body: CreateSourceBody, response: { 201: SourceWithSecret, ...errorResponses } } }, async (request, reply) => {
    const { source, secret } = await createEventSource(deps, { actor: actorOf(request), name: request.body.name });
    return reply.status(201).send({ ...toSourceView(source), secret });
  });
  app.get('/event-sources', { schema: { tags, summary: 'Sources of signed events (never their secrets)', response: { 200: Type.Object({ items: Type.Array(SourceView) }), ...errorResponses } } }, async (request) => {
    return { items: (await listEventSources(deps, { actor: actorOf(request) })).map(toSourceView) };
  });
  app.delete('/event-sources/:id', { schema: { tags, summary: 'Delete a source: its secret stops working at once', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await deleteEventSource(deps, { actor: actorOf(request), id: request.params.id });
    return reply.status(204).send(null);
  });
};
