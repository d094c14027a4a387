import type { VerifyReport } from '../api/types';

export type Verdict = 'valid' | 'invalid' | 'unchecked';

/** The same reading as `laurel verify`: could not be checked when nothing was read, else valid only if every check passed and the recipient (if asked) matches. */
export function verdictOf(report: VerifyReport): Verdict {
  if (report.format === 'unknown' && report.checks.some((c) => c.name === 'source' && !c.ok)) return 'unchecked';
  if (!report.valid) return 'invalid';
  return report.recipient && !report.recipient.matches ? 'invalid' : 'valid';
}

export interface CredentialSummary {
  name?: string;
  issuer?: string;
  recipientName?: string;
  issued?: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** What a person wants to read from a verified badge: OB 3.0 (JSON-LD or a decoded VC-JWT) or an OB 2.0 assertion. */
export function summarise(credential: Record<string, unknown> | undefined): CredentialSummary {
  if (!credential) return {};
  const doc = record(credential.vc ?? credential);
  const subject = record(doc.credentialSubject);
  const achievement = record(subject.achievement);
  const badge = record(doc.badge);
  const issuer = record(doc.issuer ?? badge.issuer);
  const out: CredentialSummary = {};
  const name = text(achievement.name) ?? text(badge.name) ?? text(doc.name);
  const issuerName = text(issuer.name);
  const recipientName = text(subject.name) ?? text(record(doc.recipient).name);
  const issued = text(doc.validFrom) ?? text(doc.issuanceDate) ?? text(doc.issuedOn);
  if (name) out.name = name;
  if (issuerName) out.issuer = issuerName;
  if (recipientName) out.recipientName = recipientName;
  if (issued) out.issued = issued;
  return out;
}
