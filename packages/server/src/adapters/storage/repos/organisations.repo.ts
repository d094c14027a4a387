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
import { withKeys, type Keyring, type PersonalDataKeys } from '../personal-data.js';
import type { Database, MembershipsTable, OrganisationsTable, UsersTable } from '../schema.js';
import type { Engine } from '../db.js';
import { accountEmailIndex, accountEmailIndexes, sealContext } from '../sealed-columns.js';
import { fromJson, toJson } from './json.js';

export const toOrganisation = (row: Omit<Selectable<OrganisationsTable>, 'deleted_at'>): Organisation => ({
  id: row.id, name: row.name, settings: { ...DEFAULT_SETTINGS, ...fromJson(row.settings, {}) }, createdAt: row.created_at, updatedAt: row.updated_at,
});

export function organisationRepo(db: Kysely<Database>, keys: PersonalDataKeys): OrganisationRepo {
  return {
    async insert(org) {
      await db.insertInto('organisations').values({ id: org.id, name: org.name, settings: toJson(org.settings), created_at: org.createdAt, updated_at: org.updatedAt }).execute();
      // Its own data key from the start (crypto-erasure when it is deleted): committed with the organisation.
      await keys.organisationKey(db, org.id);
    },
    async findById(id) {
      // A deleted organisation is gone for everything but what verifies its credentials (which reads its issuers).
      const row = await db.selectFrom('organisations').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
      return row && toOrganisation(row);
    },
    async update(org) {
      await db.updateTable('organisations').set({ name: org.name, settings: toJson(org.settings), updated_at: org.updatedAt }).where('id', '=', org.id).execute();
    },
    async hasAnyOwner() {
      const row = await db.selectFrom('memberships').select('user_id').where('role', '=', 'owner').limit(1).executeTakeFirst();
      if (row) return true;
      // A deleted organisation has no members left, but first-run setup is done: it must not open again to anyone.
      const deleted = await db.selectFrom('organisations').select('id').where('deleted_at', 'is not', null).limit(1).executeTakeFirst();
      return deleted !== undefined;
    },
  };
}

const EMAIL = sealContext('users', 'email');
const NAME = sealContext('users', 'name');
/** A member's or account's address and name, opened (sealed at rest, docs/privacy.md). */
export const openUserEmail = (k: Keyring, sealed: string) => k.open(sealed, EMAIL);
export const openUserName = (k: Keyring, sealed: string | null) => k.openNullable(sealed, NAME);

const toUser = (k: Keyring) => (r: Selectable<UsersTable>): User => ({
  id: r.id, email: openUserEmail(k, r.email), name: openUserName(k, r.name), passwordHash: r.password_hash, locale: r.locale, createdAt: r.created_at, updatedAt: r.updated_at,
  profile: { handle: r.profile_handle, bio: r.profile_bio, public: Boolean(r.profile_public) },
});

export function userRepo(db: Kysely<Database>, keys: PersonalDataKeys): UserRepo {
  const read = <T>(fn: (k: Keyring) => T) => withKeys(keys, db, fn);
  const one = (r: Selectable<UsersTable> | undefined) => (r ? read((k) => toUser(k)(r)) : undefined);
  return {
    async insert(u) {
      const k = await keys.keyring(db);
      await db.insertInto('users').values({ id: u.id, email: k.seal(u.email, EMAIL), email_index: accountEmailIndex(k, u.email), name: k.sealNullable(u.name, NAME), password_hash: u.passwordHash, locale: u.locale, created_at: u.createdAt, updated_at: u.updatedAt }).execute();
    },
    async findById(id) {
      return one(await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst());
    },
    async findByEmail(email) {
      // Sealed at rest: found by the address's blind index.
      const k = await keys.keyring(db);
      return one(await db.selectFrom('users').selectAll().where('email_index', 'in', accountEmailIndexes(k, email)).executeTakeFirst());
    },
    async findByProfileHandle(handle) {
      return one(await db.selectFrom('users').selectAll().where('profile_handle', '=', handle).executeTakeFirst());
    },
    async updateProfile(userId, profile, at) {
      await db.updateTable('users').set({ profile_handle: profile.handle, profile_bio: profile.bio, profile_public: profile.public ? 1 : 0, updated_at: at }).where('id', '=', userId).execute();
    },
    async update(u) {
      const k = await keys.keyring(db);
      await db.updateTable('users').set({ email: k.seal(u.email, EMAIL), email_index: accountEmailIndex(k, u.email), name: k.sealNullable(u.name, NAME), password_hash: u.passwordHash, locale: u.locale, updated_at: u.updatedAt }).where('id', '=', u.id).execute();
    },
  };
}

const toMembership = (r: Pick<Selectable<MembershipsTable>, 'org_id' | 'user_id' | 'role' | 'created_at'>): Membership => ({ orgId: r.org_id, userId: r.user_id, role: r.role as Role, createdAt: r.created_at });

export function membershipRepo(db: Kysely<Database>, keys: PersonalDataKeys, engine: Engine): MembershipRepo {
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
      return withKeys(keys, db, (k) => rows.map((r): MemberView => ({ ...toMembership(r), email: openUserEmail(k, r.email), name: openUserName(k, r.name) })));
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
    async lockOwners(orgId) {
      if (engine === 'postgres') await db.selectFrom('organisations').select('id').where('id', '=', orgId).forUpdate().execute();
    },
  };
}
