import { RESULT_TYPES, type AchievementDetails, type ResultDescription } from '@laurel/core';
import type { FieldChecks } from '../shared/validation.js';

/** OB 3.0 AlignmentTargetType values; anything else must use the enumeration's `ext:` form. */
const ALIGNMENT_TARGET_TYPES = ['ceasn:Competency', 'ceterms:Credential', 'CFItem', 'CFRubric', 'CFRubricCriterion', 'CFRubricCriterionLevel', 'CTDL'];
const EXT = /^ext:[A-Za-z0-9._-]+$/;
const KEY = /^[A-Za-z0-9_-]{1,40}$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export const isAlignmentTargetType = (t: string): boolean => ALIGNMENT_TARGET_TYPES.includes(t) || EXT.test(t);
export const isResultType = (t: string): boolean => (RESULT_TYPES as readonly string[]).includes(t) || EXT.test(t);
export const isLanguageTag = (t: string): boolean => LANGUAGE.test(t);

/** A decimal number written as text (OB 3.0 result values are strings). */
export const numeric = (v: string | undefined): number | undefined =>
  v !== undefined && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : undefined;

function checkResultDescription(rd: ResultDescription, path: string, checks: FieldChecks): void {
  checks.check(KEY.test(rd.key), `${path}/key`, 'must be 1-40 letters, digits, - or _');
  checks.check(rd.name.trim().length > 0, `${path}/name`, 'must not be blank');
  checks.check(isResultType(rd.resultType), `${path}/resultType`, 'must be an OB 3.0 ResultType (e.g. Percent, LetterGrade, RubricCriterionLevel, Status) or ext:<name>');
  const levels = rd.rubricCriterionLevel ?? [];
  const levelKeys = levels.map((l) => l.key);
  checks.check(new Set(levelKeys).size === levelKeys.length, `${path}/rubricCriterionLevel`, 'level keys must not repeat');
  levels.forEach((l, i) => {
    checks.check(KEY.test(l.key), `${path}/rubricCriterionLevel/${i}/key`, 'must be 1-40 letters, digits, - or _');
    checks.check(l.name.trim().length > 0, `${path}/rubricCriterionLevel/${i}/name`, 'must not be blank');
  });
  if (rd.requiredLevel !== undefined) checks.check(levelKeys.includes(rd.requiredLevel), `${path}/requiredLevel`, 'must be the key of one of its rubric levels');
  const min = numeric(rd.valueMin);
  const max = numeric(rd.valueMax);
  if (rd.valueMin !== undefined) checks.check(min !== undefined, `${path}/valueMin`, 'must be a number');
  if (rd.valueMax !== undefined) checks.check(max !== undefined, `${path}/valueMax`, 'must be a number');
  if (min !== undefined && max !== undefined) checks.check(min <= max, `${path}/valueMax`, 'must not be below valueMin');
  if (rd.allowedValue && rd.requiredValue !== undefined) {
    checks.check(rd.allowedValue.includes(rd.requiredValue), `${path}/requiredValue`, 'must be one of allowedValue');
  }
}

/** Rules beyond the JSON schema for an achievement's OB 3.0 details. */
export function checkAchievementDetails(details: AchievementDetails | undefined, checks: FieldChecks): void {
  if (!details) return;
  const rds = details.resultDescriptions ?? [];
  const keys = rds.map((r) => r.key);
  checks.check(new Set(keys).size === keys.length, '/details/resultDescriptions', 'keys must not repeat');
  rds.forEach((rd, i) => checkResultDescription(rd, `/details/resultDescriptions/${i}`, checks));
  if (details.creditsAvailable !== undefined) {
    checks.check(Number.isFinite(details.creditsAvailable) && details.creditsAvailable >= 0, '/details/creditsAvailable', 'must be zero or more');
  }
  if (details.inLanguage !== undefined) checks.check(isLanguageTag(details.inLanguage), '/details/inLanguage', 'must be a BCP 47 language tag such as en or pt-BR');
  for (const [lang, t] of Object.entries(details.translations ?? {})) {
    checks.check(isLanguageTag(lang), `/details/translations/${lang}`, 'must be keyed by a BCP 47 language tag such as fr or pt-BR');
    checks.check(t.name.trim().length > 0, `/details/translations/${lang}/name`, 'must not be blank');
  }
}
