import { Button } from './Button';

interface Props {
  label: string;
  /** Which row it acts on, read by screen readers after the label (“Revoke the key “LMS””). */
  target: string;
  onClick: () => void;
  variant?: 'danger' | 'secondary';
  disabled?: boolean;
  /** The action is running: a spinner, and the button disabled. */
  busy?: boolean;
}

/** A small button in a table's actions cell; its accessible name says which row it acts on. */
export function RowActionButton({ label, target, onClick, variant = 'danger', disabled, busy }: Props) {
  return (
    <Button variant={variant} className="btn-small" disabled={disabled} busy={busy} onClick={onClick}>
      {label}
      <span className="visually-hidden"> {target}</span>
    </Button>
  );
}
