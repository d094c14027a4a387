import { isRole, permissionsOf } from '../auth/permissions.js';
import { createAchievement } from '../achievements/create-achievement.js';
import { issueCredential, type IssueDeps } from '../credentials/issue-credential.js';
import type { Deps } from '../deps.js';
import type { Actor } from '../shared/actor.js';
import { isAppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import type { JobHandler } from '../shared/job-handler.js';
import { payloadString } from '../shared/job-handler.js';
import type { VerifyAnyDeps } from '../verification/ports.js';
import { isHttpUrl } from '@laurel/core';
import { Ob2Refused, ob2Award } from './ob2-award.js';
import type { ImportedAchievement, ImportItem, ImportItemResult, MigrationImport } from './ports.js';
import { MIGRATION_IMPORT_JOB } from './start-migration-import.js';

export type MigrationRunDeps = IssueDeps & Pick<Deps, 'imaging'> & { verifier: VerifyAnyDeps };
type Award = Extract<ImportItem, { kind: 'award' }>;

/**
 * The `migration.import` job. Per item: an original id the organisation already imported is skipped;
 * otherwise the achievement is matched by name under the chosen issuer (created when absent) and the
 * award re-issued as a signed OB 3.0 credential through the ordinary issuance path, keeping its
 * original issue date, with the Idempotency-Key `migration:<sha256(original id)>` so a worker that dies
 * mid-item neither skips nor duplicates it. Progress is saved after every item.
 */
export async function runMigrationImport(deps: MigrationRunDeps, input: { importId: string; role: string; heartbeat?: () => Promise<void> }): Promise<{ imported: number; skipped: number; failed: number }> {
  const found = await deps.store.migrationImports.findForJob(input.importId);
  if (!found) return { imported: 0, skipped: 0, failed: 0 };
  const state: MigrationImport = { ...found, results: [...found.results], status: 'running' };
  const done = new Set(state.results.map((r) => r.index));
  const role = isRole(input.role) ? input.role : 'issuer';
  const actor: Actor = { principal: { kind: 'session', orgId: state.orgId, userId: state.createdBy ?? undefined, role, permissions: permissionsOf(role) } };
  const achievements = new Map<string, string>();
  const seen = new Set<string>();
  for (const item of state.items) {
    if (done.has(item.index)) continue;
    const result = await importItem(deps, { state, actor, achievements, seen }, item);
    state.results.push(result);
    if (result.status === 'imported') state.imported += 1;
    else if (result.status === 'skipped') state.skipped += 1;
    else state.failed += 1;
    state.updatedAt = deps.clock.now().toISOString();
    await deps.store.migrationImports.saveProgress(state);
    await input.heartbeat?.();
  }
  state.status = 'done';
  state.updatedAt = deps.clock.now().toISOString();
  await deps.store.migrationImports.saveProgress(state);
  // The items hold people's names and addresses: not kept once the report is complete.
  await deps.store.migrationImports.clearItems(state.id);
  return { imported: state.imported, skipped: state.skipped, failed: state.failed };
}

interface RunContext {
  state: MigrationImport;
  actor: Actor;
  achievements: Map<string, string>;
  seen: Set<string>;
}

async function importItem(deps: MigrationRunDeps, ctx: RunContext, item: ImportItem): Promise<ImportItemResult> {
  if (item.kind === 'invalid') return { index: item.index, originalId: item.originalId, status: 'failed', reason: item.reason };
  let award: Award;
  try {
    award = item.kind === 'award' ? item : await ob2Award(deps.verifier, item);
  } catch (error) {
    if (!(error instanceof Ob2Refused)) throw error;
    return { index: item.index, originalId: null, status: 'failed', reason: error.message };
  }
  const base = { index: item.index, originalId: award.originalId };
  if (ctx.seen.has(award.originalId) || (await deps.store.importedAwards.findByOriginalId(ctx.state.orgId, award.originalId))) {
    return { ...base, status: 'skipped', reason: 'already imported' };
  }
  ctx.seen.add(award.originalId);
  try {
    const achievementId = await achievementFor(deps, ctx, award.achievement);
    const { credential } = await issueCredential(deps, {
      actor: ctx.actor,
      idempotencyKey: `migration:${sha256Hex(award.originalId)}`,
      notify: ctx.state.notify,
      data: {
        achievementId,
        recipient: { email: award.email, ...(award.name ? { name: award.name } : {}) },
        issuedOn: award.issuedOn,
        ...(award.narrative ? { narrative: award.narrative } : {}),
        evidence: [...(award.evidenceUrl ? [{ url: award.evidenceUrl }] : []), originalEvidence(ctx.state, award)],
      },
    });
    const now = deps.clock.now().toISOString();
    const created = await deps.store.importedAwards.insertIfNew({ id: deps.ids.id(), orgId: ctx.state.orgId, originalId: award.originalId, credentialId: credential.id, importId: ctx.state.id, createdAt: now });
    return created ? { ...base, status: 'imported', credentialId: credential.id } : { ...base, status: 'skipped', reason: 'already imported' };
  } catch (error) {
    if (!isAppError(error)) throw error; // infrastructure failure: the job retries from here
    return { ...base, status: 'failed', reason: error.message };
  }
}

/**
 * The original award, as an evidence entry of the re-issued credential: OB 3.0 has no alias for a
 * credential, and `relatedResource` needs a digest of a document Laurel does not hold. Evidence names
 * where the achievement was first recognised: the original assertion's URL when it has one.
 */
function originalEvidence(state: MigrationImport, award: Award) {
  const narrative = `Originally awarded on ${award.issuedOn.slice(0, 10)} (original id: ${award.originalId}); imported from ${state.source === 'badgr' ? 'Badgr / Canvas Credentials' : state.source === 'ob2' ? 'an Open Badges 2.0 assertion' : 'a CSV export'}.`;
  return { ...(isHttpUrl(award.originalId) ? { url: award.originalId } : {}), name: 'Original award', genre: 'Imported award', narrative };
}

async function achievementFor(deps: MigrationRunDeps, ctx: RunContext, a: ImportedAchievement): Promise<string> {
  const key = a.name.trim().toLowerCase();
  const cached = ctx.achievements.get(key);
  if (cached) return cached;
  const page = await deps.store.achievements.list(ctx.state.orgId, { sort: 'name', issuerId: ctx.state.issuerId, q: a.name.trim(), limit: 100 });
  const match = page.items.find((x) => x.name.trim().toLowerCase() === key && !x.archivedAt);
  const id =
    match?.id ??
    (
      await createAchievement(deps, {
        actor: ctx.actor,
        data: { issuerId: ctx.state.issuerId, kind: 'badge', name: a.name, description: a.description, criteria: { ...(a.criteriaNarrative || !a.criteriaUrl ? { narrative: a.criteriaNarrative ?? a.name } : {}), ...(a.criteriaUrl ? { url: a.criteriaUrl } : {}) } },
      })
    ).id;
  ctx.achievements.set(key, id);
  return id;
}

export function migrationImportJob(deps: MigrationRunDeps): JobHandler {
  return {
    name: MIGRATION_IMPORT_JOB,
    version: 1,
    handle: (payload, context) => runMigrationImport(deps, { importId: payloadString(payload, 'importId'), role: payloadString(payload, 'role'), heartbeat: context.heartbeat }),
  };
}
