import type { FormEvent, ReactNode } from 'react';
import type { Submitting } from '../lib/useSubmit';

/** A form that runs an action (from `useSubmit`) with itself on submit, instead of navigating. */
export function SubmitForm({ action, className = 'form', children }: { action: Submitting<[HTMLFormElement]>; className?: string; children: ReactNode }) {
  return (
    <form
      className={className}
      onSubmit={(e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        void action.run(e.currentTarget);
      }}
    >
      {children}
    </form>
  );
}
