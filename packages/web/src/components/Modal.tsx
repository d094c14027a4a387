import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/useI18n';

interface Props {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
}

/** A modal <dialog>: the browser traps focus and closes it on Escape; focus returns to the opener. */
export function Modal({ open, title, onClose, children }: Props) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  const handleClose = () => {
    onClose();
    // Back to the control that opened the dialog; if the action removed it, to the page heading.
    const target = opener.current?.isConnected ? opener.current : document.querySelector<HTMLElement>('main h1');
    target?.focus();
  };

  return (
    <dialog ref={ref} className="modal" aria-labelledby={titleId} onClose={handleClose}>
      <div className="modal-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="btn btn-link modal-close" onClick={() => ref.current?.close()}>
          {t('common.close')}
        </button>
      </div>
      {open && children}
    </dialog>
  );
}
