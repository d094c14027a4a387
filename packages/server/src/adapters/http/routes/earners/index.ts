import { Type } from 'typebox';
import { recordEngagement } from '../../engagement.js';
import { credentialActivity } from '../../../../domain/analytics/credential-activity.js';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { listBackpack, setCredentialVisibility, type BackpackEntry } from '../../../../domain/earners/backpack.js';
import { getMyProfile, updateProfile } from '../../../../domain/earners/profile.js';
import { listPathwayProgress } from '../../../../domain/earners/pathway-progress.js';
import { claimCredential, claimWithNewAccount, optOutByUnsubscribeToken } from '../../../../domain/earners/claim-credential.js';
import { activateAccount, requestAccount } from '../../../../domain/earners/register-account.js';
import { removeAddress } from '../../../../domain/earners/remove-address.js';
import { requestSignInLinkThrottled } from '../../../../domain/sessions/request-sign-in-link.js';
import { confirmAddress, requestAddressVerification, signInWithLink } from '../../../../domain/earners/email-links.js';
import fastifyRateLimit from '@fastify/rate-limit';
import { effectiveStatus } from '../../../../domain/credentials/effective-status.js';
import { describeClaim } from '../../../../domain/earners/describe-claim.js';
import { requestRenewal } from '../../../../domain/renewals/request-renewal.js';
import { assertRenewable } from '../../../../domain/renewals/renewal-rules.js';
import { RenewalRequestView, RequestRenewalBody, toRenewalView } from '../renewals/renewals.schema.js';
import { SESSION_COOKIE, requireUser, userIdOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { rateLimitOptions } from '../../rate-limit.js';
import { SecondFactorView } from '../session/session-view.js';
import { answerFirstFactor } from '../session/sign-in-answer.js';
import { DateTime, IdParams, Nullable, Problem, StringEnum, errorResponses } from '../../schemas/common.js';

const tags = ['earners'];

/** Per backpack entry: superseded, whether renewal can be asked now, the latest renewal request, the reminders. */
async function renewalDetails(deps: HttpDeps, entries: BackpackEntry[]) {
  const ids = entries.map((e) => e.credential.id);
  const [requests, reminders] = await Promise.all([deps.store.renewalRequests.listForCredentials(ids), deps.store.expiryReminders.listForCredentials(ids)]);
  const now = deps.clock.now();
  return (e: BackpackEntry) => {
    let renewable = true;
    try {
      assertRenewable(e.credential, e.achievement, now);
    } catch {
      renewable = false;
    }
    const latest = requests.find((r) => r.credentialId === e.credential.id);
    return {
      supersededBy: e.credential.supersededBy,
      renewable: renewable && latest?.status !== 'pending',
      renewal: latest ? toRenewalView(latest) : null,
      reminders: reminders.filter((m) => m.credentialId === e.credential.id).map((m) => ({ offsetDays: m.offsetDays, at: m.createdAt })),
    };
  };
}
const TokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }) });

const BackpackItem = Type.Object(
  {
    id: Type.String(),
    achievement: Type.Object({ id: Type.String(), name: Type.String(), description: Type.String(), kind: Type.String(), tags: Type.Array(Type.String()), image: Type.String() }),
    issuer: Type.Object({ id: Type.String(), name: Type.String(), url: Type.String() }),
    recipient: Type.Object({ type: Type.String(), identity: Type.String(), name: Nullable(Type.String()) }),
    issuedOn: DateTime,
    expires: Nullable(DateTime),
    status: Type.String(),
    visibility: StringEnum(['public', 'private'] as const),
    claimed: Type.Boolean(),
    links: Type.Object({ page: Type.String(), ob3: Type.String(), ob2: Type.String() }),
    supersededBy: Type.Optional(Nullable(Type.String({ description: 'The newer credential that replaced this one (status superseded)' }))),
    renewable: Type.Optional(Type.Boolean({ description: 'A renewal can be requested now (a renewable certification, not renewed, not past its grace period)' })),
    renewal: Type.Optional(Nullable(RenewalRequestView)),
    reminders: Type.Optional(Type.Array(Type.Object({ offsetDays: Type.Integer(), at: DateTime }), { description: 'Expiry reminders sent (newest first)' })),
    activity: Type.Optional(
      Type.Object(
        {
          views: Type.Integer({ description: 'Public page views (bots and Do-Not-Track / GPC visitors not counted)' }),
          visitors: Type.Integer({ description: 'Distinct visitors, day by day, summed (a visitor is recognised within one day only)' }),
          verifications: Type.Integer({ description: 'Valid verifications by third parties (verify API, VC-API)' }),
        },
        { description: 'How often the credential was viewed and verified (docs/analytics.md)' },
      ),
    ),
  },
  { $id: 'BackpackItem' },
);

const UserView = Type.Object({ id: Type.String(), email: Type.String(), name: Nullable(Type.String()) });
const NewPassword = Type.String({ minLength: 1, maxLength: 1024 });

/** Earner accounts, claim links, opt-outs and the backpack. */
export const earnerRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  const setSessionCookie = (reply: FastifyReply, token: string, expiresAt: string) =>
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.http.secureCookies, expires: new Date(expiresAt) });
  const item = (e: BackpackEntry, userId: string) => ({
    id: e.credential.id,
    achievement: { id: e.achievement.id, name: e.achievement.name, description: e.achievement.description, kind: e.achievement.kind, tags: e.achievement.tags, image: deps.urls.badgeImage(e.achievement.id) },
    issuer: { id: e.issuer.id, name: e.issuer.name, url: e.issuer.url },
    recipient: { type: e.credential.recipient.type, identity: e.credential.recipient.identity, name: e.credential.recipient.name },
    issuedOn: e.credential.issuedOn,
    expires: e.credential.expiresAt,
    status: e.credential.supersededBy && e.credential.status === 'active' ? 'superseded' : effectiveStatus(e.credential, deps.clock.now()),
    visibility: e.credential.visibility,
    claimed: e.credential.earnerUserId === userId,
    links: { page: deps.urls.publicCredentialPage(e.credential.id), ob3: deps.urls.ob3Credential(e.credential.id), ob2: deps.urls.ob2Assertion(e.credential.id) },
  });

  app.get(
    '/claims/:token',
    {
      schema: {
        tags,
        summary: 'What a claim link is for (shown before signing in)',
        params: TokenParams,
        response: { 200: Type.Object({ achievementName: Type.String(), issuerName: Type.String(), email: Type.String(), usable: Type.Boolean(), reason: Type.Optional(Type.String()) }), ...errorResponses },
      },
    },
    async (request) =>
      // The award e-mail's claim link was followed (the page asks this on load; a mail scanner that only fetches the link counts nothing).
      describeClaim(deps, { token: request.params.token, followed: (credential) => recordEngagement(deps, request, { credential, metric: 'clicked', browser: true }) }),
  );

  await app.register(fastifyRateLimit, rateLimitOptions(deps));
  const EmailBody = Type.Object({ email: Type.String({ minLength: 3, maxLength: 320 }) }, { additionalProperties: false });
  const TokenBody = Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }) }, { additionalProperties: false });

  app.post(
    '/accounts',
    {
      config: { rateLimit: { max: 5, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'Register: e-mail me a link to create my account (always 202: says nothing about whether the address has an account)',
        description: 'Nothing is created now. The address receives a link to choose a password (24 hours, single use), or, if it already has an account, a message saying so with a sign-in link.',
        body: Type.Object({ email: Type.String({ format: 'email', maxLength: 320 }), locale: Type.Optional(StringEnum(['en', 'fr'] as const)) }, { additionalProperties: false }),
        response: { 202: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await requestAccount(deps, request.body);
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/accounts/activate',
    {
      config: { rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'Finish registering with the e-mailed link: choose the password, and sign in',
        body: Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }), password: NewPassword, name: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
        response: { 201: Type.Object({ user: UserView, csrfToken: Type.String() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { user, token, session } = await activateAccount(deps, { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] });
      setSessionCookie(reply, token, session.expiresAt);
      return reply.status(201).send({ user: { id: user.id, email: user.email, name: user.name }, csrfToken: session.csrfToken });
    },
  );

  app.post(
    '/claims/:token/account',
    {
      config: { rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'Create the account of the address a claim link was sent to, and claim (signs in)',
        description: 'The claim link proves the mailbox. Refused (409) when that address has an account whose address is verified: sign in and claim instead.',
        params: TokenParams,
        body: Type.Object({ password: NewPassword, name: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
        response: { 201: Type.Object({ user: UserView, csrfToken: Type.String(), credential: BackpackItem }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { user, credential, token, session } = await claimWithNewAccount(deps, { token: request.params.token, ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] });
      setSessionCookie(reply, token, session.expiresAt);
      const entry = (await listBackpack(deps, { userId: user.id })).find((e) => e.credential.id === credential.id)!;
      return reply.status(201).send({ user: { id: user.id, email: user.email, name: user.name }, csrfToken: session.csrfToken, credential: item(entry, user.id) });
    },
  );

  app.post(
    '/session/link',
    {
      config: { rateLimit: { max: 5, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'E-mail me a sign-in link (202 whether or not the account exists; 429 with Retry-After after too many for one address or client)',
        body: EmailBody,
        response: { 202: Type.Null(), ...errorResponses, 429: Problem },
      },
    },
    async (request, reply) => {
      await requestSignInLinkThrottled(deps, request.body);
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/session/link/consume',
    {
      config: { rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'Sign in with an e-mailed link (single use, 30 minutes); an account with a second factor gets 202 and finishes at /session/second-factor',
        body: TokenBody,
        response: { 200: Type.Object({ user: UserView, csrfToken: Type.String() }), 202: SecondFactorView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const outcome = await signInWithLink(deps, { token: request.body.token, ip: request.ip, userAgent: request.headers['user-agent'] });
      return answerFirstFactor(deps, reply, outcome, async () => {
        const session = outcome.kind === 'session' ? outcome.session : undefined;
        const user = (await deps.store.users.findById(session!.userId))!;
        return { user: { id: user.id, email: user.email, name: user.name }, csrfToken: session!.csrfToken };
      });
    },
  );

  await app.register(unsubscribeRoute, { deps });

  await app.register(async (scope) => {
    const signedIn = scope.withTypeProvider<TypeBoxTypeProvider>();
    signedIn.addHook('onRequest', requireUser(deps));

    const ClaimedItem = Type.Object({
      ...BackpackItem.properties,
      address: StringEnum(['verified', 'sent'] as const, { description: 'verified: the address it was sent to is yours; sent: a link to verify that address was e-mailed to it' }),
    });
    signedIn.post(
      '/claims/:token',
      { schema: { tags, summary: 'Claim a credential into your backpack (single-use link)', params: TokenParams, response: { 200: ClaimedItem, ...errorResponses } } },
      async (request) => {
        const userId = userIdOf(request);
        const { credential, address } = await claimCredential(deps, { userId, token: request.params.token, sessionId: request.sessionContext?.session.id });
        const entry = (await listBackpack(deps, { userId })).find((e) => e.credential.id === credential.id)!;
        return { ...item(entry, userId), address };
      },
    );

    const AddressView = Type.Object({ id: Type.String(), type: Type.String(), value: Type.String(), verifiedAt: Nullable(DateTime) });
    signedIn.get('/me/addresses', { schema: { tags, summary: 'Your verified addresses', response: { 200: Type.Object({ items: Type.Array(AddressView) }), ...errorResponses } } }, async (request) => ({
      items: (await deps.store.addresses.listForUser(userIdOf(request))).map(({ id, type, value, verifiedAt }) => ({ id, type, value, verifiedAt })),
    }));
    signedIn.post(
      '/me/addresses',
      { config: { rateLimit: { max: 5, timeWindow: 60_000 } }, schema: { tags, summary: 'Add an e-mail address: a verification link is sent to it', body: EmailBody, response: { 202: Type.Null(), ...errorResponses } } },
      async (request, reply) => {
        await requestAddressVerification(deps, { userId: userIdOf(request), email: request.body.email });
        return reply.status(202).send(null);
      },
    );
    signedIn.post('/me/addresses/confirm', { schema: { tags, summary: 'Confirm an address with the e-mailed link', body: TokenBody, response: { 200: AddressView, ...errorResponses } } }, async (request) => {
      const { id, type, value, verifiedAt } = await confirmAddress(deps, { userId: userIdOf(request), token: request.body.token, sessionId: request.sessionContext?.session.id });
      return { id, type, value, verifiedAt };
    });
    signedIn.delete(
      '/me/addresses/:id',
      {
        schema: {
          tags,
          summary: 'Remove one of your addresses (not the one you sign in with)',
          description: 'Credentials sent to the address that you never claimed leave your backpack; claimed ones stay. The address is then free for another account to verify.',
          params: IdParams,
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await removeAddress(deps, { userId: userIdOf(request), addressId: request.params.id });
        return reply.status(204).send(null);
      },
    );

    const ProfileView = Type.Object({ name: Nullable(Type.String()), handle: Nullable(Type.String()), bio: Nullable(Type.String()), public: Type.Boolean(), url: Nullable(Type.String()) });
    const profileView = (p: Awaited<ReturnType<typeof getMyProfile>>) => ({ ...p, url: p.handle ? `${deps.links.base}/u/${p.handle}` : null });
    signedIn.get('/me/profile', { schema: { tags, summary: 'Your public profile settings', response: { 200: ProfileView, ...errorResponses } } }, async (request) =>
      profileView(await getMyProfile(deps, { userId: userIdOf(request) })),
    );
    signedIn.patch(
      '/me/profile',
      {
        schema: {
          tags,
          summary: 'Opt in or out of a public profile at /u/<handle> (lists your public credentials)',
          body: Type.Object({ handle: Type.Optional(Nullable(Type.String({ maxLength: 40 }))), bio: Type.Optional(Nullable(Type.String({ maxLength: 500 }))), public: Type.Optional(Type.Boolean()) }, { additionalProperties: false, minProperties: 1 }),
          response: { 200: ProfileView, ...errorResponses },
        },
      },
      async (request) => profileView(await updateProfile(deps, { userId: userIdOf(request), ...request.body })),
    );

    signedIn.get('/me/credentials', { schema: { tags, summary: 'Your backpack', response: { 200: Type.Object({ items: Type.Array(BackpackItem) }), ...errorResponses } } }, async (request) => {
      const userId = userIdOf(request);
      const entries = await listBackpack(deps, { userId });
      await deps.analytics.settled(); // this instance's counted views written first (they are kept in memory for a second)
      const [more, activity] = await Promise.all([renewalDetails(deps, entries), credentialActivity(deps, entries.map((e) => e.credential.id))]);
      return { items: entries.map((e) => ({ ...item(e, userId), ...more(e), activity: activity(e.credential.id) })) };
    });

    const PathwayView = Type.Object({
      ruleId: Type.String(),
      achievement: Type.Object({ id: Type.String(), name: Type.String() }),
      issuerName: Type.String(),
      mode: StringEnum(['all', 'any', 'atLeast', 'inOrder'] as const, { description: 'all: every part is needed; any: one is enough; atLeast: `needed` of them; inOrder: every part, each awarded no earlier than the one before' }),
      parts: Type.Array(Type.Object({ achievementId: Type.String(), name: Type.String(), held: Type.Boolean() }), { description: 'In the order the pathway lists them' }),
      held: Type.Integer(),
      needed: Type.Integer(),
      nextStep: Nullable(Type.Object({ achievementId: Type.String(), name: Type.String() }, { description: 'The part to earn next (inOrder: the first not yet earned in order); null when the parts are done' })),
      earned: Type.Boolean({ description: 'You already hold the pathway achievement' }),
    });
    signedIn.get(
      '/me/pathways',
      { schema: { tags, summary: 'Your progress toward pathway achievements (held parts of those required)', response: { 200: Type.Object({ items: Type.Array(PathwayView) }), ...errorResponses } } },
      async (request) => ({ items: await listPathwayProgress(deps, { userId: userIdOf(request) }) }),
    );

    signedIn.post(
      '/me/credentials/:id/renewal',
      {
        schema: {
          tags, summary: 'Ask the issuer to renew one of your certifications (optionally with a link to new evidence and a note); automatic renewal issues it at once',
          params: IdParams, body: RequestRenewalBody, response: { 201: RenewalRequestView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const made = await requestRenewal(deps, { userId: userIdOf(request), credentialId: request.params.id, evidenceUrl: request.body.evidenceUrl, note: request.body.note });
        return reply.status(201).send(toRenewalView(made));
      },
    );

    signedIn.patch(
      '/me/credentials/:id',
      { schema: { tags, summary: 'Make one of your credentials public or private', params: IdParams, body: Type.Object({ visibility: StringEnum(['public', 'private'] as const) }, { additionalProperties: false }), response: { 200: BackpackItem, ...errorResponses } } },
      async (request) => {
        const userId = userIdOf(request);
        await setCredentialVisibility(deps, { userId, credentialId: request.params.id, visibility: request.body.visibility });
        const entry = (await listBackpack(deps, { userId })).find((e) => e.credential.id === request.params.id)!;
        return item(entry, userId);
      },
    );
  });
};

/**
 * Stop award e-mails with the unsubscribe token (never the claim token). Served at `/api/v1/unsubscribe/:token`
 * for the web page, and at `/unsubscribe/:token` itself, the List-Unsubscribe URL: a browser's GET shows the
 * confirmation page, a mail provider's RFC 8058 POST (`List-Unsubscribe=One-Click`, as a form) unsubscribes.
 */
export const unsubscribeRoute: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  await app.register(fastifyRateLimit, rateLimitOptions(deps));
  app.addContentTypeParser(['application/x-www-form-urlencoded', 'multipart/form-data'], { parseAs: 'string', bodyLimit: 1024 }, (_request, _body, done) => done(null, undefined));
  app.post(
    '/unsubscribe/:token',
    {
      config: { rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'Stop award e-mails to this address from this organisation (the unsubscribe token only; RFC 8058 one-click)',
        description: "The award e-mail's List-Unsubscribe header names /unsubscribe/{token} (with List-Unsubscribe-Post: List-Unsubscribe=One-Click), which takes the same POST. The token can do nothing else; the claim token does not work here.",
        params: TokenParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await optOutByUnsubscribeToken(deps, { token: request.params.token });
      return reply.status(204).send(null);
    },
  );
};
