import type { Kysely, Selectable } from 'kysely';
import type { Role } from '../../../domain/auth/permissions.js';
import {
  DEFAULT_SETTINGS,
  type MemberView,
  type Membership,
  type MembershipRepo,
  type Organisation,
  type OrganisationRepo,
  type User,
  type UserRepo,
} from '../../../domain/organisations/ports.js';
import type { Database, MembershipsTable, OrganisationsTable, UsersTable } from '../schema.js';
import { fromJson, toJson } from './json.js';

export const toOrganisation = (row: Selectable<OrganisationsTable>): Organisation => ({
  id: row.id, name: row.name, settings: { ...DEFAULT_SETTINGS, ...fromJson(row.settings, {}) }, createdAt: row.created_at, updatedAt: row.updated_at,
});

export function organisationRepo(db: Kysely<Database>): OrganisationRepo {
  return {
    async insert(org) {
      await db.insertInto('organisations').values({ id: org.id, name: org.name, settings: toJson(org.settings), created_at: org.createdAt, updated_at: org.updatedAt }).execute();
    },
    async findById(id) {
      const row = await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toOrganisation(row);
    },
    async update(org) {
      await db.updateTable('organisations').set({ name: org.name, settings: toJson(org.settings), updated_at: org.updatedAt }).where('id', '=', org.id).execute();
    },
    async hasAnyOwner() {
      const row = await db.selectFrom('memberships').select('user_id').where('role', '=', 'owner').limit(1).executeTakeFirst();
      return row !== undefined;
    },
  };
}

const toUser = (r: Selectable<UsersTable>): User => ({
  id: r.id, email: r.email, name: r.name, passwordHash: r.password_hash, locale: r.locale, createdAt: r.created_at, updatedAt: r.updated_at,
  profile: { handle: r.profile_handle, bio: r.profile_bio, public: Boolean(r.profile_public) },
});

export function userRepo(db: Kysely<Database>): UserRepo {
  return {
    async insert(u) {
      await db.insertInto('users').values({ id: u.id, email: u.email, name: u.name, password_hash: u.passwordHash, locale: u.locale, created_at: u.createdAt, updated_at: u.updatedAt }).execute();
    },
    async findById(id) {
      const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toUser(r);
    },
    async findByEmail(email) {
      const r = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      return r && toUser(r);
    },
    async findByProfileHandle(handle) {
      const r = await db.selectFrom('users').selectAll().where('profile_handle', '=', handle).executeTakeFirst();
      return r && toUser(r);
    },
    async updateProfile(userId, profile, at) {
      await db.updateTable('users').set({ profile_handle: profile.handle, profile_bio: profile.bio, profile_public: profile.public ? 1 : 0, updated_at: at }).where('id', '=', userId).execute();
    },
    async update(u) {
      await db.updateTable('users').set({ email: u.email, name: u.name, password_hash: u.passwordHash, locale: u.locale, updated_at: u.updatedAt }).where('id', '=', u.id).execute();
    },
  };
}

const toMembership = (r: Pick<Selectable<MembershipsTable>, 'org_id' | 'user_id' | 'role' | 'created_at'>): Membership => ({ orgId: r.org_id, userId: r.user_id, role: r.role as Role, createdAt: r.created_at });

export function membershipRepo(db: Kysely<Database>): MembershipRepo {
  return {
    async insert(m) {
      await db.insertInto('memberships').values({ org_id: m.orgId, user_id: m.userId, role: m.role, created_at: m.createdAt }).execute();
    },
    async find(orgId, userId) {
      const r = await db.selectFrom('memberships').selectAll().where('org_id', '=', orgId).where('user_id', '=', userId).executeTakeFirst();
      return r && toMembership(r);
    },
    async listForUser(userId) {
      const rows = await db.selectFrom('memberships').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
      return rows.map(toMembership);
    },
    async listForOrg(orgId) {
      const rows = await db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['memberships.org_id', 'memberships.user_id', 'memberships.role', 'memberships.created_at', 'users.email', 'users.name'])
        .where('memberships.org_id', '=', orgId)
        .orderBy('memberships.created_at')
        .execute();
      return rows.map((r): MemberView => ({ ...toMembership(r), email: r.email, name: r.name }));
    },
    async updateRole(orgId, userId, role) {
      await db.updateTable('memberships').set({ role }).where('org_id', '=', orgId).where('user_id', '=', userId).execute();
    },
    async remove(orgId, userId) {
      await db.deleteFrom('memberships').where('org_id', '=', orgId).where('user_id', '=', userId).execute();
    },
    async countOwners(orgId) {
      const r = await db.selectFrom('memberships').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).where('role', '=', 'owner').executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
