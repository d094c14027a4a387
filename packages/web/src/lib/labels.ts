import { ACHIEVEMENT_KINDS, CREDENTIAL_STATUSES } from '../api/types';
import type { MessageKey } from '../i18n/en';

type T = (key: MessageKey) => string;

/** Translated names for values the API sends as plain strings; anything unknown is shown as sent. */
export const kindLabel = (kind: string, t: T) => ((ACHIEVEMENT_KINDS as readonly string[]).includes(kind) ? t(`kind.${kind as 'badge'}`) : kind);
export const statusLabel = (status: string, t: T) => ((CREDENTIAL_STATUSES as readonly string[]).includes(status) ? t(`status.${status as 'active'}`) : status);
