import { FieldChecks, isEmail, isHttpUrl } from '../shared/validation.js';
import { STATUS_PURPOSES, type StatusPurpose } from '../status/ports.js';

export interface IssuerFields {
  name: string;
  url: string;
  email: string;
  description?: string | null | undefined;
  image?: string | null | undefined;
  vcApiStatusPurposes?: StatusPurpose[] | undefined;
}

/** Rules the JSON schema cannot express (URL schemes, non-blank names). */
export function checkIssuerFields(data: Partial<IssuerFields>): void {
  const checks = new FieldChecks();
  if (data.name !== undefined) checks.check(data.name.trim().length > 0, '/name', 'must not be blank');
  if (data.url !== undefined) checks.check(isHttpUrl(data.url), '/url', 'must be an http(s) URL');
  if (data.email !== undefined) checks.check(isEmail(data.email), '/email', 'must be an email address');
  if (data.image) checks.check(isHttpUrl(data.image) || data.image.startsWith('data:image/'), '/image', 'must be an http(s) URL or a data:image URI');
  const purposes = data.vcApiStatusPurposes;
  if (purposes !== undefined) {
    checks.check(purposes.every((p) => STATUS_PURPOSES.includes(p)), '/vcApiStatusPurposes', `each purpose must be one of ${STATUS_PURPOSES.join(', ')}`);
    checks.check(new Set(purposes).size === purposes.length, '/vcApiStatusPurposes', 'a purpose must not be repeated');
  }
  checks.throwIfAny();
}
