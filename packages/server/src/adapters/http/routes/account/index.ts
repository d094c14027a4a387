import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastifyRateLimit from '@fastify/rate-limit';
import QRCode from 'qrcode';
import { confirmEmailChange, requestEmailChange } from '../../../../domain/earners/change-email.js';
import { listPasskeys, passkeyRegistrationOptions, registerPasskey, removePasskey } from '../../../../domain/mfa/passkeys.js';
import type { StoredPasskey } from '../../../../domain/mfa/ports.js';
import { confirmTotpEnrolment, disableTotp, regenerateRecoveryCodes, startTotpEnrolment } from '../../../../domain/mfa/totp-enrolment.js';
import { changePassword } from '../../../../domain/sessions/change-password.js';
import { endMyOtherSessions, endMySession, listMySessions } from '../../../../domain/sessions/my-sessions.js';
import { requireUser, sessionOfRequest } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { rateLimitOptions } from '../../rate-limit.js';
import { DateTime, Id, Nullable, Problem, errorResponses } from '../../schemas/common.js';

const tags = ['account'];
const PasskeyView = Type.Object({ id: Type.String(), name: Type.String(), createdAt: DateTime, lastUsedAt: Nullable(DateTime), backedUp: Type.Boolean() }, { $id: 'Passkey' });
const RecoveryCodes = Type.Array(Type.String(), { description: 'Ten single-use recovery codes, shown this once (only their hashes are kept)' });
const SessionItem = Type.Object(
  {
    id: Type.String(),
    current: Type.Boolean(),
    userAgent: Nullable(Type.String()),
    ip: Nullable(Type.String()),
    createdAt: DateTime,
    lastSeenAt: Nullable(DateTime),
    expiresAt: DateTime,
    mfa: Type.Boolean({ description: 'A second factor was proven in this session' }),
  },
  { $id: 'AccountSession' },
);
const passkeyView = (p: StoredPasskey) => ({ id: p.id, name: p.name, createdAt: p.createdAt, lastUsedAt: p.lastUsedAt, backedUp: p.backedUp });
const PasskeyParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 1400, pattern: '^[A-Za-z0-9_-]+$' }) });

/** The signed-in person's own account: second factors, sessions, password and sign-in address (earners and staff alike). */
export const accountRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (plugin, { deps }) => {
  await plugin.register(fastifyRateLimit, rateLimitOptions(deps));
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRequest', requireUser(deps));
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store'); // secrets and recovery codes are shown here once
  });

  app.get(
    '/me/mfa',
    {
      schema: {
        tags,
        summary: 'Your second factors',
        response: {
          200: Type.Object({ totp: Type.Object({ enabled: Type.Boolean(), enabledAt: Nullable(DateTime) }), passkeys: Type.Array(PasskeyView), recoveryCodesLeft: Type.Integer() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { userId } = sessionOfRequest(request);
      const [totp, passkeys, left] = await Promise.all([deps.store.mfa.findTotp(userId), listPasskeys(deps, { userId }), deps.store.mfa.countUnusedRecoveryCodes(userId)]);
      return { totp: { enabled: Boolean(totp?.confirmedAt), enabledAt: totp?.confirmedAt ?? null }, passkeys: passkeys.map(passkeyView), recoveryCodesLeft: left };
    },
  );

  app.post(
    '/me/mfa/totp',
    {
      schema: {
        tags,
        summary: 'Start adding an authenticator app (needs a factor proven recently): its secret, as text and as a QR code',
        response: { 201: Type.Object({ secret: Type.String(), uri: Type.String(), qrCode: Type.String({ description: 'The otpauth URI as a PNG data: URL' }) }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { secret, uri } = await startTotpEnrolment(deps, { session: sessionOfRequest(request) });
      return reply.status(201).send({ secret, uri, qrCode: await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 240 }) });
    },
  );
  app.post(
    '/me/mfa/totp/confirm',
    {
      config: { rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'Confirm the authenticator app with a first code; your first second factor also gives recovery codes (and ends your other sessions)',
        body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ recoveryCodes: Nullable(RecoveryCodes) }), ...errorResponses, 429: Problem },
      },
    },
    async (request) => confirmTotpEnrolment(deps, { session: sessionOfRequest(request), code: request.body.code, ip: request.ip }),
  );
  app.delete('/me/mfa/totp', { schema: { tags, summary: 'Turn the authenticator app off (needs a factor proven recently)', response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await disableTotp(deps, { session: sessionOfRequest(request) });
    return reply.status(204).send(null);
  });
  app.post(
    '/me/mfa/recovery-codes',
    { schema: { tags, summary: 'New recovery codes; the old ones stop working (needs a factor proven recently)', response: { 200: Type.Object({ recoveryCodes: RecoveryCodes }), ...errorResponses } } },
    async (request) => ({ recoveryCodes: await regenerateRecoveryCodes(deps, { session: sessionOfRequest(request) }) }),
  );

  app.post(
    '/me/passkeys/options',
    { schema: { tags, summary: 'WebAuthn options to create a passkey (needs a factor proven recently)', response: { 200: Type.Unknown({ description: 'PublicKeyCredentialCreationOptionsJSON' }), ...errorResponses } } },
    async (request) => passkeyRegistrationOptions(deps, { session: sessionOfRequest(request) }),
  );
  app.post(
    '/me/passkeys',
    {
      schema: {
        tags,
        summary: 'Register the passkey created with those options',
        body: Type.Object({ response: Type.Unknown({ description: 'The PublicKeyCredential JSON from navigator.credentials.create' }), name: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
        response: { 201: Type.Object({ passkey: PasskeyView, recoveryCodes: Nullable(RecoveryCodes) }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { passkey, recoveryCodes } = await registerPasskey(deps, { session: sessionOfRequest(request), response: request.body.response, name: request.body.name });
      return reply.status(201).send({ passkey: passkeyView(passkey), recoveryCodes });
    },
  );
  app.delete('/me/passkeys/:id', { schema: { tags, summary: 'Remove a passkey (needs a factor proven recently)', params: PasskeyParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await removePasskey(deps, { session: sessionOfRequest(request), id: request.params.id });
    return reply.status(204).send(null);
  });

  app.get('/me/sessions', { schema: { tags, summary: 'Where you are signed in (newest first)', response: { 200: Type.Object({ items: Type.Array(SessionItem) }), ...errorResponses } } }, async (request) => {
    const current = sessionOfRequest(request);
    const sessions = await listMySessions(deps, { userId: current.userId });
    return { items: sessions.map((s) => ({ id: s.id, current: s.id === current.id, userAgent: s.userAgent, ip: s.ip, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, expiresAt: s.expiresAt, mfa: s.mfa })) };
  });
  app.delete('/me/sessions/:id', { schema: { tags, summary: 'Sign one of your sessions out', params: Type.Object({ id: Id }), response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await endMySession(deps, { userId: sessionOfRequest(request).userId, sessionId: request.params.id });
    return reply.status(204).send(null);
  });
  app.post('/me/sessions/end-others', { schema: { tags, summary: 'Sign out everywhere but here', response: { 200: Type.Object({ ended: Type.Integer() }), ...errorResponses } } }, async (request) => ({
    ended: await endMyOtherSessions(deps, { session: sessionOfRequest(request) }),
  }));

  app.post(
    '/me/password',
    {
      config: { rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'Change your password (the current one is required); your other sessions end',
        description: 'A wrong current password counts as a failed sign-in (throttled, 429) and answers a validation problem at /currentPassword. An account without a password (e-mailed links only) needs a factor proven recently instead.',
        body: Type.Object({ currentPassword: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })), newPassword: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errorResponses, 429: Problem },
      },
    },
    async (request, reply) => {
      await changePassword(deps, { session: sessionOfRequest(request), currentPassword: request.body.currentPassword, newPassword: request.body.newPassword, ip: request.ip });
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/me/email',
    {
      config: { rateLimit: { max: 5, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'Sign in with another address: a confirmation link is mailed to it (needs a factor proven recently)',
        body: Type.Object({ email: Type.String({ minLength: 3, maxLength: 320 }) }, { additionalProperties: false }),
        response: { 202: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await requestEmailChange(deps, { session: sessionOfRequest(request), email: request.body.email });
      return reply.status(202).send(null);
    },
  );
  app.post(
    '/me/email/confirm',
    {
      config: { rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'Confirm the new address with the mailed link (signed in as the account that asked; the former address is told)',
        body: Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ email: Type.String() }), ...errorResponses },
      },
    },
    async (request) => confirmEmailChange(deps, { userId: sessionOfRequest(request).userId, token: request.body.token }),
  );
};
