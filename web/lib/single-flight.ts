import { useRef } from 'react';

/**
 * A create form's send that ignores a second submit while the first is on its way.
 * The button's `loading` (from the mutation's isPending) comes one render late: TanStack
 * Query notifies on a timer, so a double-click at machine speed, or Enter pressed twice,
 * used to reach the server twice and make two units, users or channels. A refusal stays
 * on the mutation (`mutation.error`) for the form to show.
 */
export function useSingleFlight<V, D>(mutation: { mutateAsync(variables: V): Promise<D> }): (variables: V, onSuccess?: (data: D) => void) => void {
  const busy = useRef(false);
  return (variables, onSuccess) => {
    if (busy.current) return;
    busy.current = true;
    mutation
      .mutateAsync(variables)
      .then(onSuccess, () => undefined)
      .finally(() => {
        busy.current = false;
      });
  };
}
