import { MantineProvider, createTheme } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { whenSignedOut } from '../lib/api-client.ts';
import { currentAppPath } from './current-path.ts';
import { router } from './router.tsx';

// Shade 8 keeps white text on buttons above WCAG AA contrast (axe: color-contrast).
const theme = createTheme({ primaryColor: 'blue', primaryShade: 8, defaultRadius: 'sm' });

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
  return (
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
