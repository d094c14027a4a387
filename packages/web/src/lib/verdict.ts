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
  /** The verified issuer's name (from its own document), else its identifier. */
  issuer?: string;
  /** Where the verified issuer lives: the host of its did:web or URL, or its DID. */
  issuerAt?: string;
  recipientName?: string;
  issued?: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** Where an issuer identifier lives, in a few characters: a did:web's or URL's host, else the DID itself. */
export function issuerLocation(id: string): string {
  if (id.startsWith('did:web:')) {
    try {
      return decodeURIComponent(id.slice('did:web:'.length).split(':')[0] ?? id);
    } catch {
      return id;
    }
  }
  if (id.startsWith('did:')) return id.length > 32 ? `${id.slice(0, 24)}…${id.slice(-6)}` : id;
  try {
    return new URL(id).host || id;
  } catch {
    return id;
  }
}

/**
 * What a person wants to read from a verified badge: OB 3.0 (JSON-LD or a decoded VC-JWT) or an OB 2.0
 * assertion. The issuer is only ever the one the verification bound the badge to (`report.issuer`):
 * an issuer name inside the badge is whatever its presenter wrote, so it is never shown.
 */
export function summarise(report: Pick<VerifyReport, 'credential' | 'issuer'>): CredentialSummary {
  const out: CredentialSummary = {};
  if (report.issuer) {
    out.issuer = report.issuer.name?.trim() || report.issuer.id;
    out.issuerAt = issuerLocation(report.issuer.id);
  }
  const credential = report.credential;
  if (!credential) return out;
  const doc = record(credential.vc ?? credential);
  const subject = record(doc.credentialSubject);
  const achievement = record(subject.achievement);
  const badge = record(doc.badge);
  const name = text(achievement.name) ?? text(badge.name) ?? text(doc.name);
  const recipientName = text(subject.name) ?? text(record(doc.recipient).name);
  const issued = text(doc.validFrom) ?? text(doc.issuanceDate) ?? text(doc.issuedOn);
  if (name) out.name = name;
  if (recipientName) out.recipientName = recipientName;
  if (issued) out.issued = issued;
  return out;
}
