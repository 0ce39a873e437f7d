import { Button, Group, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useMarkRead, useNotifications } from './api.ts';
import { NotificationList } from './NotificationList.tsx';

/** /app/thong-bao: every recent notification. */
export default function NotificationsPage() {
  const { t } = useTranslation();
  const notifications = useNotifications(100);
  const markRead = useMarkRead();
  return (
    <Stack maw={800}>
      <Group justify="space-between">
        <Title order={1}>{t('notifications.title')}</Title>
        {(notifications.data?.unread ?? 0) > 0 && (
          <Button variant="light" onClick={() => markRead.mutate('all')} loading={markRead.isPending}>
            {t('notifications.markAllRead')}
          </Button>
        )}
      </Group>
      <ProblemAlert error={notifications.error ?? markRead.error} />
      {notifications.data && <NotificationList items={notifications.data.items} />}
    </Stack>
  );
}
