import type { Kysely } from 'kysely';
import type { MfaRepo } from '../../../domain/mfa/ports.js';
import type { Database } from '../schema.js';

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

export function mfaRepo(db: Kysely<Database>): MfaRepo {
  return {
    async findTotp(userId) {
      const r = await db.selectFrom('mfa_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();
      return r && { userId: r.user_id, sealedSecret: r.secret, confirmedAt: r.confirmed_at, lastStep: num(r.last_step), createdAt: r.created_at };
    },
    async saveTotp(f) {
      await db.deleteFrom('mfa_totp').where('user_id', '=', f.userId).execute();
      await db.insertInto('mfa_totp').values({ user_id: f.userId, secret: f.sealedSecret, confirmed_at: f.confirmedAt, last_step: f.lastStep, created_at: f.createdAt }).execute();
    },
    async confirmTotp(userId, at, step) {
      await db.updateTable('mfa_totp').set({ confirmed_at: at, last_step: step }).where('user_id', '=', userId).execute();
    },
    async useTotpStep(userId, step) {
      const result = await db
        .updateTable('mfa_totp')
        .set({ last_step: step })
        .where('user_id', '=', userId)
        .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async removeTotp(userId) {
      await db.deleteFrom('mfa_totp').where('user_id', '=', userId).execute();
    },

    async replaceRecoveryCodes(userId, codes, at) {
      await db.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
      if (codes.length > 0) await db.insertInto('mfa_recovery_codes').values(codes.map((c) => ({ id: c.id, user_id: userId, code_hash: c.hash, created_at: at, used_at: null }))).execute();
    },
    async useRecoveryCode(userId, hash, at) {
      const result = await db.updateTable('mfa_recovery_codes').set({ used_at: at }).where('user_id', '=', userId).where('code_hash', '=', hash).where('used_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) >= 1;
    },
    async countUnusedRecoveryCodes(userId) {
      const r = await db.selectFrom('mfa_recovery_codes').select((eb) => eb.fn.countAll<number | string>().as('n')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirst();
      return Number(r?.n ?? 0);
    },
    async removeRecoveryCodes(userId) {
      await db.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
    },

    async insertPending(p) {
      await db.insertInto('mfa_pending_sign_ins').values({ id: p.id, user_id: p.userId, ip: p.ip, user_agent: p.userAgent, attempts: p.attempts, created_at: p.createdAt, expires_at: p.expiresAt }).execute();
    },
    async findPending(id) {
      const r = await db.selectFrom('mfa_pending_sign_ins').selectAll().where('id', '=', id).executeTakeFirst();
      return r && { id: r.id, userId: r.user_id, ip: r.ip, userAgent: r.user_agent, attempts: Number(r.attempts), createdAt: r.created_at, expiresAt: r.expires_at };
    },
    async countPendingAttempt(id) {
      await db.updateTable('mfa_pending_sign_ins').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', id).execute();
      const r = await db.selectFrom('mfa_pending_sign_ins').select('attempts').where('id', '=', id).executeTakeFirst();
      return r ? Number(r.attempts) : Number.MAX_SAFE_INTEGER;
    },
    async removePending(id) {
      const result = await db.deleteFrom('mfa_pending_sign_ins').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
    async removeExpiredPending(now) {
      const result = await db.deleteFrom('mfa_pending_sign_ins').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
