/**
 * Colours of delivery states, shared by the board and the calendar (names come from the
 * catalogs: deliveryStates.<state>). Red needs a person, orange waits on something,
 * green is done, grey is over.
 */
export const stateColors: Record<string, string> = {
  scheduled: 'blue',
  publishing: 'teal',
  processing: 'teal',
  retrying: 'orange',
  needs_reconnect: 'red',
  unconfirmed: 'red',
  awaiting_officer: 'violet',
  missed: 'red',
  published: 'green',
  failed: 'red',
  cancelled: 'gray',
  taken_down: 'gray',
};

/** Dark enough for white text at WCAG AA (axe color-contrast). */
export const themeColors: Record<string, string> = {
  policy: '#1864ab',
  guidance: '#087f5b',
  testimony: '#862e9c',
  warning: '#a63c06',
  counter_misinformation: '#a51111',
};
