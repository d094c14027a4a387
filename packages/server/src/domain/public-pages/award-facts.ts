import type { AchievementDetails, AwardResult } from '@laurel/core';

/** The achievement's name and description in a language when it has them (its own otherwise). */
export function localised(a: { name: string; description: string; details?: AchievementDetails | undefined }, locale: string): { name: string; description: string } {
  const d = a.details;
  if (!d?.translations || d.inLanguage?.split('-')[0] === locale) return { name: a.name, description: a.description };
  const t = d.translations[locale] ?? Object.entries(d.translations).find(([tag]) => tag.split('-')[0] === locale)?.[1];
  return t ? { name: t.name, description: t.description ?? a.description } : { name: a.name, description: a.description };
}

/** One result as people read it: its description's name, what was achieved, and what was required. */
export interface ResultLine {
  name: string;
  achieved: string;
  /** The status of a Status result, to be translated by the reader (Completed, Failed…). */
  status?: string | undefined;
  required?: string | undefined;
}

export function resultLines(details: AchievementDetails | undefined, results: AwardResult[] | undefined): ResultLine[] {
  const descriptions = new Map((details?.resultDescriptions ?? []).map((rd) => [rd.key, rd]));
  return (results ?? []).flatMap((r) => {
    const rd = descriptions.get(r.resultDescription);
    if (!rd) return [];
    const levelName = (key: string | undefined) => rd.rubricCriterionLevel?.find((l) => l.key === key)?.name ?? key;
    const suffix = rd.resultType === 'Percent' && r.value !== undefined ? ' %' : '';
    const achieved = [r.value !== undefined ? `${r.value}${suffix}${rd.valueMax !== undefined && rd.resultType !== 'Percent' ? ` / ${rd.valueMax}` : ''}` : undefined, r.achievedLevel ? levelName(r.achievedLevel) : undefined]
      .filter(Boolean)
      .join(' · ');
    const required = rd.requiredValue ?? (rd.requiredLevel ? levelName(rd.requiredLevel) : undefined);
    return [{ name: rd.name, achieved, status: r.status, required }];
  });
}
