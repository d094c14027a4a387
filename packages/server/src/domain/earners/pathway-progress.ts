import type { Deps } from '../deps.js';
import { effectiveStatus } from '../credentials/effective-status.js';
import { inOrderChain, requiredCount, requiredIds, requirementMode, type Requirement } from '../event-rules/conditions.js';
import { listBackpack } from './backpack.js';

export interface PathwayPart {
  achievementId: string;
  name: string;
  held: boolean;
}

/** How far the earner is along one pathway (an award rule that requires holding other achievements). */
export interface PathwayProgress {
  ruleId: string;
  achievement: { id: string; name: string };
  issuerName: string;
  /** `all`: every part is needed; `any`: one is enough; `atLeast`: `needed` of them; `inOrder`: every part, each awarded no earlier than the one before. */
  mode: 'all' | 'any' | 'atLeast' | 'inOrder';
  /** The parts, in the order the rule lists them. */
  parts: PathwayPart[];
  /** Parts that count: those held (for `inOrder`, those held in order from the first). */
  held: number;
  needed: number;
  /** The part to earn next (for `inOrder`, the first not yet earned in order), or null when the pathway is met. */
  nextStep: { achievementId: string; name: string } | null;
  /** The earner already holds the pathway achievement itself. */
  earned: boolean;
}

/**
 * The pathways of the organisations that awarded the earner something, where the earner holds at least one
 * part or the pathway achievement: held parts count only while active (not revoked, suspended or expired).
 * Rules of other organisations, and parts named by a rule but unknown in its organisation, are never shown.
 */
export async function listPathwayProgress(deps: Pick<Deps, 'store' | 'clock'>, input: { userId: string }): Promise<PathwayProgress[]> {
  const now = deps.clock.now();
  const entries = await listBackpack(deps, { userId: input.userId });
  const active = entries.filter((e) => effectiveStatus(e.credential, now) === 'active');
  const heldByOrg = new Map<string, Set<string>>();
  const awardedOn = new Map<string, string[]>();
  for (const e of active) {
    const set = heldByOrg.get(e.credential.orgId) ?? new Set<string>();
    set.add(e.credential.achievementId);
    heldByOrg.set(e.credential.orgId, set);
    awardedOn.set(e.credential.achievementId, [...(awardedOn.get(e.credential.achievementId) ?? []), e.credential.issuedOn]);
  }
  const orgIds = [...new Set(entries.map((e) => e.credential.orgId))];
  const out: PathwayProgress[] = [];
  for (const orgId of orgIds) {
    const held = heldByOrg.get(orgId) ?? new Set<string>();
    const rules = (await deps.store.awardRules.listPathways(orgId)).filter((r) => r.enabled && r.requires);
    for (const rule of rules) {
      const ids = requiredIds(rule.requires!);
      if (!ids.some((id) => held.has(id)) && !held.has(rule.achievementId)) continue;
      const achievements = new Map((await deps.store.achievements.findManyPublic([rule.achievementId, ...ids])).filter((a) => a.orgId === orgId).map((a) => [a.id, a]));
      const target = achievements.get(rule.achievementId);
      if (!target) continue;
      const issuer = (await deps.store.issuers.findManyPublic([target.issuerId]))[0];
      const parts = ids.flatMap((id) => {
        const a = achievements.get(id);
        return a ? [{ achievementId: id, name: a.name, held: held.has(id) }] : [];
      });
      out.push({
        ruleId: rule.id,
        achievement: { id: target.id, name: target.name },
        issuerName: issuer?.name ?? '',
        mode: requirementMode(rule.requires!),
        parts,
        ...counts(rule.requires!, parts, awardedOn),
        earned: held.has(target.id),
      });
    }
  }
  return out;
}

/** How many parts count, how many are needed, and the next part to earn. */
function counts(r: Requirement, parts: PathwayPart[], awardedOn: ReadonlyMap<string, readonly string[]>): Pick<PathwayProgress, 'held' | 'needed' | 'nextStep'> {
  const needed = Math.min(requiredCount(r), parts.length);
  const step = (p: PathwayPart | undefined) => (p ? { achievementId: p.achievementId, name: p.name } : null);
  if ('inOrder' in r) {
    const chain = inOrderChain(parts.map((p) => p.achievementId), awardedOn);
    return { held: chain.length, needed, nextStep: step(parts[chain.length]) };
  }
  const held = parts.filter((p) => p.held).length;
  return { held, needed, nextStep: held >= needed ? null : step(parts.find((p) => !p.held)) };
}
