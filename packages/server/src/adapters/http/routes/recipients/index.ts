import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { eraseRecipient } from '../../../../domain/privacy/erase-recipient.js';
import { getRecipientCredentials, listRecipients } from '../../../../domain/recipients/list-recipients.js';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { errorResponses } from '../../schemas/common.js';
import { toCredentialView } from '../credentials/credentials.schema.js';
import { ListRecipientsQuery, RecipientCredentials, RecipientCredentialsQuery, RecipientKeyParams, RecipientPage, toRecipientView } from './recipients.schema.js';

const tags = ['recipients'];

/** The recipient directory: everyone the organisation has awarded, and each one's credentials. */
export const recipientRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.get('/recipients', { schema: { tags, summary: 'Everyone your organisation has awarded (one entry per recipient identity)', querystring: ListRecipientsQuery, response: { 200: RecipientPage, ...errorResponses } } }, async (request) => {
    const { limit, sort, q, cursor } = request.query;
    const page = await listRecipients(deps, { actor: actorOf(request), query: { q, cursor, limit: limit ?? 50, sort: sort ?? 'name' } });
    return { items: page.items.map(toRecipientView), nextCursor: page.nextCursor };
  });

  app.get(
    '/recipients/:key/credentials',
    { schema: { tags, summary: "A recipient (by their opaque key) and their credentials", params: RecipientKeyParams, querystring: RecipientCredentialsQuery, response: { 200: RecipientCredentials, ...errorResponses } } },
    async (request) => {
      const { limit, sort, cursor } = request.query;
      const page = await getRecipientCredentials(deps, { actor: actorOf(request), key: request.params.key, query: { cursor, limit: limit ?? 50, sort: sort ?? '-issuedOn' } });
      const now = deps.clock.now();
      return { recipient: toRecipientView(page.recipient), items: page.items.map((c) => toCredentialView(c, deps.links, now)), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/recipients/:key/erase',
    {
      schema: {
        tags,
        summary: "An erasure request: the recipient's name and address leave every credential your organisation issued them (they stay verifiable and revocable); admins, a factor proven recently",
        params: RecipientKeyParams,
        response: { 200: Type.Object({ credentials: Type.Integer({ description: 'Credentials erased' }) }), ...errorResponses },
      },
    },
    async (request) => eraseRecipient(deps, { actor: actorOf(request), recipientKey: request.params.key }),
  );
};
