import type { ComponentChildren } from 'preact';
import { href, navigate } from '../router';

/** An ordinary link (open in a new tab works) that navigates inside the app on a plain click. */
export function Link({ to, children, class: className }: { to: string; children: ComponentChildren; class?: string }) {
  return (
    <a
      href={href(to)}
      class={className}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
