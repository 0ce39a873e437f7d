import { type RefObject, useEffect } from 'react';

/**
 * After a refused submit, puts the first field the server refused (or, before it, the form's
 * own alert) in front of the user: on a phone both sit a screen above the button just
 * pressed, so nothing seemed to happen. A field gets the focus, so typing fixes it.
 */
export function useFocusRefusal(error: unknown, form: RefObject<HTMLElement | null>) {
  useEffect(() => {
    if (!error) return;
    const first = form.current?.querySelector<HTMLElement>('[aria-invalid="true"], [role="alert"]');
    if (first?.getAttribute('role') === 'alert') first.scrollIntoView({ block: 'center' });
    else first?.focus();
  }, [error, form]);
}
