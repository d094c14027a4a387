import type { Achievement } from '../api/types';

export type AchievementDetails = Achievement['details'];
type ResultDescription = NonNullable<AchievementDetails['resultDescriptions']>[number];

/** The OB 3.0 ResultType values the form offers (the API also takes `ext:<name>`). */
export const RESULT_TYPES = ['Percent', 'LetterGrade', 'RawScore', 'ScaledScore', 'GradePointAverage', 'PerformanceLevel', 'RubricCriterionLevel', 'Status'] as const;

/** What credits count (OB 3.0 has no unit property: Laurel signs the unit as an alignment). */
export const CREDIT_UNITS = ['ECTS', 'CEU', 'CreditHour', 'CPD'] as const;

const text = (v: string | undefined) => (v ?? '').trim() || undefined;

/**
 * The achievement's details from its form: credits, field of study, code, language, the French name and
 * description, and the first result description (the others, made through the API, are kept as they are).
 */
export function detailsFromForm(v: Record<string, string>, initial?: AchievementDetails): AchievementDetails {
  const credits = text(v['details.creditsAvailable']);
  const unit = CREDIT_UNITS.find((u) => u === v['details.creditUnit']);
  const hours = text(v['details.hours']);
  const frName = text(v['details.fr.name']);
  const resultName = text(v['details.result.name']);
  const rest = (initial?.resultDescriptions ?? []).slice(1);
  const first: ResultDescription | undefined = resultName
    ? {
        ...(initial?.resultDescriptions?.[0] ?? {}),
        key: initial?.resultDescriptions?.[0]?.key ?? 'result',
        name: resultName,
        resultType: v['details.result.type'] ?? 'Percent',
        ...(text(v['details.result.min']) ? { valueMin: text(v['details.result.min'])! } : {}),
        ...(text(v['details.result.max']) ? { valueMax: text(v['details.result.max'])! } : {}),
        ...(text(v['details.result.required']) ? { requiredValue: text(v['details.result.required'])! } : {}),
      }
    : undefined;
  const translations = { ...(initial?.translations ?? {}) };
  if (frName) translations.fr = { name: frName, ...(text(v['details.fr.description']) ? { description: text(v['details.fr.description'])! } : {}) };
  else delete translations.fr;
  const resultDescriptions = first ? [first, ...rest] : rest;
  return {
    ...(credits !== undefined ? { creditsAvailable: Number(credits) } : {}),
    ...(unit ? { creditUnit: unit } : {}),
    ...(hours !== undefined ? { hours: Number(hours) } : {}),
    ...(text(v['details.fieldOfStudy']) ? { fieldOfStudy: text(v['details.fieldOfStudy'])! } : {}),
    ...(initial?.specialization ? { specialization: initial.specialization } : {}),
    ...(text(v['details.humanCode']) ? { humanCode: text(v['details.humanCode'])! } : {}),
    ...(text(v['details.inLanguage']) ? { inLanguage: text(v['details.inLanguage'])! } : {}),
    ...(Object.keys(translations).length ? { translations } : {}),
    ...(resultDescriptions.length ? { resultDescriptions } : {}),
  };
}
