import type { AwardResult } from '@laurel/core';
import type { Achievement } from '../achievements/ports.js';
import { numeric } from '../achievements/achievement-details.js';
import type { FieldChecks } from '../shared/validation.js';

/**
 * An award's results must each answer one of the achievement's result descriptions (once), a rubric result
 * name one of its levels, a value fall within valueMin/valueMax and among allowedValue; creditsEarned cannot
 * exceed the achievement's creditsAvailable.
 */
export function checkAwardResults(achievement: Achievement, results: AwardResult[], creditsEarned: number | undefined, checks: FieldChecks): void {
  const descriptions = new Map((achievement.details.resultDescriptions ?? []).map((rd) => [rd.key, rd]));
  const seen = new Set<string>();
  results.forEach((r, i) => {
    const path = `/results/${i}`;
    const rd = descriptions.get(r.resultDescription);
    if (!rd) {
      checks.add(`${path}/resultDescription`, 'must be the key of one of the achievement\'s result descriptions');
      return;
    }
    checks.check(!seen.has(rd.key), `${path}/resultDescription`, 'is already answered by another result');
    seen.add(rd.key);
    checks.check(r.value !== undefined || r.achievedLevel !== undefined || r.status !== undefined, path, 'needs a value, an achievedLevel or a status');
    if (r.achievedLevel !== undefined) {
      const levels = (rd.rubricCriterionLevel ?? []).map((l) => l.key);
      checks.check(levels.includes(r.achievedLevel), `${path}/achievedLevel`, 'must be the key of one of the result description\'s rubric levels');
    }
    if (r.value !== undefined) {
      if (rd.allowedValue?.length) checks.check(rd.allowedValue.includes(r.value), `${path}/value`, `must be one of ${rd.allowedValue.join(', ')}`);
      const min = numeric(rd.valueMin);
      const max = numeric(rd.valueMax);
      if (min !== undefined || max !== undefined) {
        const v = numeric(r.value);
        checks.check(v !== undefined && (min === undefined || v >= min) && (max === undefined || v <= max), `${path}/value`, `must be a number from ${rd.valueMin ?? '-∞'} to ${rd.valueMax ?? '∞'}`);
      }
    }
  });
  if (creditsEarned !== undefined) {
    checks.check(Number.isFinite(creditsEarned) && creditsEarned >= 0, '/creditsEarned', 'must be zero or more');
    const available = achievement.details.creditsAvailable;
    if (available !== undefined) checks.check(creditsEarned <= available, '/creditsEarned', `must not exceed the achievement's creditsAvailable (${available})`);
  }
}
