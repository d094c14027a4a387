import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigate, useLocation } from './navigation';

type Props = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; nav?: boolean };

/** An ordinary link that navigates in-app on a plain click (new tabs and modifiers still work). */
export function Link({ to, nav = false, onClick, ...rest }: Props) {
  const { pathname } = useLocation();
  const current = nav && (to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`));
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} aria-current={current ? 'page' : undefined} {...rest} />;
}
