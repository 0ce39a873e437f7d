/**
 * Below Mantine's `sm` breakpoint (40em): a phone, where a table's rows become stacked blocks.
 * Layouts switch in CSS (hiddenFrom/visibleFrom "sm"); this query is for what CSS cannot
 * choose, such as the calendar's first view.
 */
export const PHONE_QUERY = '(max-width: 40em)';
