import { ActionIcon, Anchor, Button, Group, Indicator, Popover, ScrollArea, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMarkRead, useNotifications } from './api.ts';
import { NotificationList } from './NotificationList.tsx';

/** The header bell: unread count, the latest notifications, a link to all of them. */
export function NotificationBell() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const notifications = useNotifications(10);
  const markRead = useMarkRead();
  const unread = notifications.data?.unread ?? 0;
  // 380px on a desk; on a 360px phone it keeps 8px from each edge instead of running off the screen.
  return (
    <Popover opened={opened} onChange={toggle} width="min(380px, calc(100vw - 16px))" position="bottom-end" shadow="md" trapFocus>
      <Popover.Target>
        {/* The button itself is the popover's target: it carries aria-expanded/aria-controls. */}
        {/* Named by its content ("Thông báo 3 chưa đọc"), so the visible count is part of the name. */}
        <ActionIcon variant="subtle" size="lg" onClick={toggle}>
          <VisuallyHidden>{t('notifications.title')}</VisuallyHidden>
          <Indicator label={unread > 99 ? '99+' : unread} size={16} disabled={unread === 0} color="red" offset={2}>
            <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
              <path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
              <path d="M13.7 21a2 2 0 0 1-3.4 0" />
            </svg>
          </Indicator>
          {unread > 0 && <VisuallyHidden>{t('notifications.unread')}</VisuallyHidden>}
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm">
          <Group justify="space-between">
            <Text fw={700}>{t('notifications.title')}</Text>
            {unread > 0 && (
              <Button size="compact-xs" variant="subtle" onClick={() => markRead.mutate('all')}>
                {t('notifications.markAllRead')}
              </Button>
            )}
          </Group>
          <ScrollArea.Autosize mah={400}>
            <NotificationList items={notifications.data?.items ?? []} onOpen={close} />
          </ScrollArea.Autosize>
          <Anchor component={Link} to="/thong-bao" onClick={close} size="sm">
            {t('notifications.seeAll')}
          </Anchor>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
