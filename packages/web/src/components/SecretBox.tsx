import { CopyField } from './CopyField';

/** A secret shown once, read-only and selectable, with a copy button. */
export function SecretBox({ name, label, secret }: { name: string; label: string; secret: string }) {
  return <CopyField name={name} label={label} value={secret} />;
}
