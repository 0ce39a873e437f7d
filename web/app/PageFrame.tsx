import { Center, Loader } from '@mantine/core';
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppPage } from './routes.tsx';

/**
 * Loads a page's code on first visit and names the browser tab after it. `onShown` runs once
 * the page itself (not its loader) is on screen.
 */
export function PageFrame({ page, onShown }: { page: AppPage; onShown?: () => void }) {
  const { t } = useTranslation();
  const title = t(page.titleKey);
  useEffect(() => {
    document.title = `${title} · Loa`;
  }, [title]);
  const Page = page.page;
  return (
    <Suspense fallback={<PageLoader />}>
      <Page />
      {onShown && <WhenShown run={onShown} />}
    </Suspense>
  );
}

/** The spinner while a page's (or the shell's) code loads. */
export function PageLoader({ fullPage = false }: { fullPage?: boolean }) {
  const { t } = useTranslation();
  return (
    <Center p="xl" mih={fullPage ? '100vh' : undefined}>
      <Loader role="status" aria-label={t('common.loading')} />
    </Center>
  );
}

/** Inside the page's Suspense boundary, so its effect runs only when the page has rendered. */
function WhenShown({ run }: { run: () => void }) {
  useEffect(run, [run]);
  return null;
}
