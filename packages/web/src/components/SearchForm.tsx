import { useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/useI18n';
import { Button } from './Button';
import { TextField } from './Field';

/** A search box (applied on submit) plus optional filter controls, in one labelled form. */
export function SearchForm({ name, label, hint, onSearch, children }: { name: string; label: string; hint?: string; onSearch: (q: string) => void; children?: ReactNode }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(q.trim());
  };
  return (
    <form className="filters" role="search" aria-label={t('common.filter')} onSubmit={submit}>
      <TextField name={name} type="search" label={label} hint={hint} optional={false} value={q} onChange={(e) => setQ(e.target.value)} />
      {children}
      <div className="filters-submit">
        <Button type="submit" variant="secondary">
          {t('common.search')}
        </Button>
      </div>
    </form>
  );
}
