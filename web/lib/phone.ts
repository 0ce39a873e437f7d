import { useMediaQuery } from '@mantine/hooks';

/** Below Mantine's `sm` breakpoint (40em): a phone, where a table's rows become stacked blocks. */
export const PHONE_QUERY = '(max-width: 40em)';

/** True on a phone-wide screen (false on the first render, then the real answer). */
export function usePhone(): boolean {
  return useMediaQuery(PHONE_QUERY) ?? false;
}
