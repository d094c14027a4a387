/** Laurel's mark: a decorative wreath. */
export function Logo() {
  return (
    <svg className="logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
      <circle cx="16" cy="16" r="15" fill="currentColor" />
      <path d="M16 24c-4-1-7-4.5-7-9m7 9c4-1 7-4.5 7-9M11 12c1 .5 1.5 1.5 1.5 3M21 12c-1 .5-1.5 1.5-1.5 3M16 24v3" stroke="#fff" strokeWidth="2" fill="none" strokeLinecap="round" />
    </svg>
  );
}
