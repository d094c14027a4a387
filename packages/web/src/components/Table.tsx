import type { ReactNode } from 'react';
import { useI18n } from '../i18n/useI18n';

/** A captioned table in a keyboard-scrollable region for narrow screens. */
export function Table({ caption, children, captionHidden = true }: { caption: string; children: ReactNode; captionHidden?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap" role="region" aria-label={t('common.tableScroll', { caption })} tabIndex={0}>
      <table className="table">
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function EmptyRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="table-empty">
        {children}
      </td>
    </tr>
  );
}
