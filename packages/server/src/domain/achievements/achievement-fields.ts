import type { AchievementDetails, AchievementKind, Alignment } from '@laurel/core';
import { FieldChecks, isHttpUrl } from '../shared/validation.js';
import { isDuration } from './validity.js';
import { checkAchievementDetails, isAlignmentTargetType } from './achievement-details.js';

export interface AchievementFields {
  issuerId: string;
  kind: AchievementKind;
  name: string;
  description: string;
  criteria: { narrative?: string | undefined; url?: string | undefined };
  image?: string | null | undefined;
  tags?: string[] | undefined;
  alignments?: Alignment[] | undefined;
  validity?: string | null | undefined;
  renewable?: boolean | undefined;
  gracePeriod?: string | null | undefined;
  reminderOffsets?: number[] | null | undefined;
  renewalMode?: 'manual' | 'automatic' | undefined;
  details?: AchievementDetails | undefined;
}

/** Rules beyond the JSON schema: criteria needs narrative or URL, URLs are http(s), durations parse. */
export function checkAchievementFields(data: Partial<AchievementFields>): void {
  const checks = new FieldChecks();
  if (data.name !== undefined) checks.check(data.name.trim().length > 0, '/name', 'must not be blank');
  if (data.description !== undefined) checks.check(data.description.trim().length > 0, '/description', 'must not be blank');
  if (data.criteria !== undefined) {
    const { narrative, url } = data.criteria;
    checks.check(Boolean(narrative?.trim()) || Boolean(url), '/criteria', 'needs a narrative, a url, or both');
    if (url !== undefined) checks.check(isHttpUrl(url), '/criteria/url', 'must be an http(s) URL');
  }
  if (data.image) checks.check(isHttpUrl(data.image) || data.image.startsWith('data:image/'), '/image', 'must be an http(s) URL or a data:image URI');
  if (data.validity) checks.check(isDuration(data.validity), '/validity', 'must be an ISO 8601 duration such as P2Y or P18M');
  if (data.validity && data.kind && data.kind !== 'certification') {
    checks.add('/validity', 'only certifications have a validity period');
  }
  if (data.gracePeriod) checks.check(isDuration(data.gracePeriod), '/gracePeriod', 'must be an ISO 8601 duration such as P30D');
  if (data.reminderOffsets) {
    checks.check(new Set(data.reminderOffsets).size === data.reminderOffsets.length, '/reminderOffsets', 'must not repeat a day');
    data.reminderOffsets.forEach((d, i) => checks.check(Number.isInteger(d) && d >= 1 && d <= 3650, `/reminderOffsets/${i}`, 'must be a whole number of days from 1 to 3650'));
  }
  if ((data.gracePeriod || data.reminderOffsets?.length) && data.kind && data.kind !== 'certification') {
    checks.add(data.gracePeriod ? '/gracePeriod' : '/reminderOffsets', 'only certifications expire and renew');
  }
  data.alignments?.forEach((a, i) => {
    checks.check(isHttpUrl(a.targetUrl), `/alignments/${i}/targetUrl`, 'must be an http(s) URL');
    checks.check(a.targetName.trim().length > 0, `/alignments/${i}/targetName`, 'must not be blank');
    if (a.targetType !== undefined) {
      checks.check(isAlignmentTargetType(a.targetType), `/alignments/${i}/targetType`, 'must be an OB 3.0 AlignmentTargetType (ceasn:Competency, ceterms:Credential, CFItem, CFRubric, CFRubricCriterion, CFRubricCriterionLevel, CTDL) or ext:<name>');
    }
  });
  checkAchievementDetails(data.details, checks);
  checks.throwIfAny();
}
