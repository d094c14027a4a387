import type { ReactNode } from 'react';

/** A polite status message (success or information). Errors use <ErrorSummary>. */
export function Notice({ tone = 'success', children, title }: { tone?: 'success' | 'info' | 'warning'; title?: string; children: ReactNode }) {
  return (
    <div className={`alert alert-${tone}`} role="status">
      {title && <h2 className="alert-title">{title}</h2>}
      {children}
    </div>
  );
}
