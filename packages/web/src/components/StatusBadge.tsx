import type { ReactNode } from 'react';
import type { CredentialStatus } from '../api/types';
import { useI18n } from '../i18n/useI18n';

/** The colours a badge comes in, named for the credential states they were made for. */
export type BadgeTone = CredentialStatus;

/** A short state in a pill (“Active”, “Revoked on 3 May”). */
export function Badge({ tone, children }: { tone: BadgeTone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function StatusBadge({ status }: { status: CredentialStatus }) {
  const { t } = useI18n();
  return <Badge tone={status}>{t(`status.${status}`)}</Badge>;
}
