import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A wide report table that scrolls sideways on a phone instead of squeezing each word onto
 * its own line. The scroller takes keyboard focus (arrow keys scroll it) and is named by
 * the table's caption, so it is reachable without a mouse (axe: scrollable-region-focusable).
 */
export function TableScroll({ label, minWidth = 640, children }: { label: string; minWidth?: number; children: ReactNode }) {
  return (
    // Positioned, so a visually hidden header inside (position: absolute) is clipped here, not widening the page.
    <Table.ScrollContainer type="native" minWidth={minWidth} tabIndex={0} role="region" aria-label={label} pos="relative">
      {children}
    </Table.ScrollContainer>
  );
}
