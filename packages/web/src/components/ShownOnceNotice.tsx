import type { ReactNode } from 'react';
import { Button } from './Button';
import { Notice } from './Notice';

interface Props {
  title: string;
  /** Why it is shown now (it will not be again). */
  body: string;
  /** The values to copy (a `SecretBox` or `CopyField`s), and any advice after them. */
  children: ReactNode;
  dismissLabel: string;
  onDismiss: () => void;
}

/** A secret shown once: a warning, the values to copy, and a button to say it is stored. */
export function ShownOnceNotice({ title, body, children, dismissLabel, onDismiss }: Props) {
  return (
    <Notice tone="warning" title={title}>
      <p>{body}</p>
      {children}
      <Button variant="secondary" onClick={onDismiss}>
        {dismissLabel}
      </Button>
    </Notice>
  );
}
