import { Center, Loader } from '@mantine/core';
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppPage } from './routes.tsx';

/** Loads a page's code on first visit and names the browser tab after it. */
export function PageFrame({ page }: { page: AppPage }) {
  const { t } = useTranslation();
  const title = t(page.titleKey);
  useEffect(() => {
    document.title = `${title} · Loa`;
  }, [title]);
  const Page = page.page;
  return (
    <Suspense
      fallback={
        <Center p="xl">
          <Loader role="status" aria-label={t('common.loading')} />
        </Center>
      }
    >
      <Page />
    </Suspense>
  );
}
