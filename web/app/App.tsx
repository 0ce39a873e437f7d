import { MantineProvider, createTheme } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { whenSignedOut } from '../lib/api-client.ts';
import { currentAppPath } from './current-path.ts';
import { router } from './router.tsx';

// Shade 8 keeps white text on buttons above WCAG AA contrast (axe: color-contrast).
// A Badge keeps its whole word: Mantine lets it shrink with an ellipsis, and in a narrow table
// column a state read "ĐÃ LÊN L…" or "CHỜ CÁN BỘ X…".
// A Select keeps its value when its chosen option is picked again: by default Mantine empties
// it, and re-picking the same unit left a form with no unit.
// A password field's show/hide button is named in the reader's language (Mantine's own name is
// English), without the word "mật khẩu": getByLabel('Mật khẩu') would find it beside the field.
// All are set by name, not with Badge.extend / Select.extend: importing Select here would put
// the combobox, popover and floating-ui code in the first download of the sign-in page.
const themeFor = (showHideTyped: string) =>
  createTheme({
    primaryColor: 'blue',
    primaryShade: 8,
    defaultRadius: 'sm',
    // A page title shrinks on a phone: at Mantine's 34px an item's name took four or five lines.
    headings: { sizes: { h1: { fontSize: 'clamp(1.5rem, 5vw, 2.125rem)' } } },
    components: {
      Badge: { styles: { root: { minWidth: 'max-content' } } },
      Select: { defaultProps: { allowDeselect: false } },
      PasswordInput: { defaultProps: { visibilityToggleButtonProps: { 'aria-label': showHideTyped } } },
    },
  });

// Mantine's "dimmed" grey (also input descriptions) and its light-variant text colours (alerts,
// badges, active links) are below WCAG AA on their backgrounds; darker shades pass (axe: color-contrast).
// Text on a 10% tint of its own colour needs to be darker than Mantine's shade 9.
const lightVariantText: Record<string, string> = {
  blue: '#114a80',
  green: '#1e6b30',
  red: '#a51d1d',
  orange: '#9a3c08',
  yellow: '#6e5200',
  gray: '#343a40',
  teal: '#0b6b58',
  violet: '#5a2fa0',
};
const contrastSafe = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // A field's error text (and the invalid input's own text) in Mantine's red-6 is 3.3:1 on white.
    '--mantine-color-error': lightVariantText.red!,
    ...Object.fromEntries(Object.entries(lightVariantText).map(([c, text]) => [`--mantine-color-${c}-light-color`, text])),
  },
  dark: {},
});

const queryClient = new QueryClient({
  defaultOptions: { queries: { refetchOnWindowFocus: true, retry: 1 } },
});

// A session that expires mid-work: back to sign-in, then to the same page.
whenSignedOut(() => {
  const here = currentAppPath();
  if (here.startsWith('/dang-nhap')) return;
  queryClient.clear();
  void router.navigate(`/dang-nhap?next=${encodeURIComponent(here)}`, { replace: true });
});

export function App() {
  const { t } = useTranslation();
  const showHideTyped = t('common.showHideTyped');
  const theme = useMemo(() => themeFor(showHideTyped), [showHideTyped]);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={contrastSafe}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
