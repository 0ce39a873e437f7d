import { Card, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ApiError } from '../../lib/api-client.ts';

/**
 * One home card over one list query. A list the server refuses this user (403) hides the
 * card: the server, not the app, decides who sees what.
 */
export function HomeSection<T>({
  title,
  query,
  empty,
  children,
}: {
  title: string;
  query: { data?: T[] | undefined; error: unknown; isPending: boolean };
  /** What an empty list says, with the next step where there is one. */
  empty: ReactNode;
  children: (rows: T[]) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.error instanceof ApiError && query.error.problem.status === 403) return null;
  return (
    <Card withBorder component="section" aria-label={title}>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {title}
          {query.data && query.data.length > 0 ? ` (${query.data.length})` : ''}
        </Title>
        <ProblemAlert error={query.error} />
        {query.isPending && !query.error && <Text size="sm">{t('common.loading')}</Text>}
        {query.data && (query.data.length === 0 ? <Text size="sm">{empty}</Text> : children(query.data))}
      </Stack>
    </Card>
  );
}
