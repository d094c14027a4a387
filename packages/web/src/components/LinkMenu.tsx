import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/useI18n';

export interface MenuLink {
  href: string;
  label: string;
  /** A file name: the browser saves the link instead of opening it. */
  download?: string;
}

/** A disclosure (<details>) of plain links, e.g. a credential's export formats. Escape closes it. */
export function LinkMenu({ label, target, links }: { label: string; target?: ReactNode; links: readonly MenuLink[] }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDetailsElement>(null);
  const close = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !ref.current?.open) return;
    ref.current.open = false;
    ref.current.querySelector('summary')?.focus();
  };
  return (
    <details className="menu" ref={ref} onKeyDown={close}>
      <summary className="btn btn-secondary btn-small">
        {label}
        {target}
      </summary>
      <ul className="menu-list">
        {links.map((link) => (
          <li key={link.href}>
            {link.download ? (
              <a href={link.href} download={link.download}>
                {link.label}
              </a>
            ) : (
              <a href={link.href} target="_blank" rel="noreferrer">
                {link.label}
                <span className="visually-hidden"> {t('common.opensNewTab')}</span>
              </a>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}
