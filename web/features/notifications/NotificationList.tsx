import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RevisionStateBadge } from '../../components/StateBadge.tsx';
import { notificationPath } from '../../lib/object-links.ts';
import { formatDateTime } from '../../lib/time.ts';
import { useMarkRead } from './api.ts';

export interface NotificationEntry {
  id: string;
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
  /** An approval request whose revision has left review: its state now. */
  decided: string | null;
}

/** Notifications, unread first marked; opening one marks it read and goes to its object. */
export function NotificationList({ items, onOpen }: { items: NotificationEntry[]; onOpen?: () => void }) {
  const { t } = useTranslation();
  const markRead = useMarkRead();
  if (items.length === 0) return <Text c="dimmed">{t('notifications.empty')}</Text>;
  return (
    <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {items.map((n) => {
        const path = notificationPath(n.kind, n.data);
        const open = () => {
          if (!n.readAt) markRead.mutate(n.id);
          onOpen?.();
        };
        return (
          <li key={n.id}>
            <Stack gap={2}>
              <Group gap="xs" wrap="nowrap">
                {!n.readAt && (
                  <Badge size="xs" color="blue">
                    {t('notifications.new')}
                  </Badge>
                )}
                {path ? (
                  <Anchor component={Link} to={path} onClick={open} fw={n.readAt ? 400 : 700}>
                    {n.title}
                  </Anchor>
                ) : (
                  <Text fw={n.readAt ? 400 : 700}>{n.title}</Text>
                )}
                {/* The stored title still says "waiting": show what became of the request. */}
                {n.decided && <RevisionStateBadge state={n.decided} />}
              </Group>
              <Text size="sm">{n.body}</Text>
              <Group gap="xs">
                <Text size="xs" c="dimmed">
                  {formatDateTime(n.createdAt)}
                </Text>
                {!n.readAt && (
                  <Button size="compact-xs" variant="subtle" onClick={() => markRead.mutate(n.id)}>
                    {t('notifications.markRead')}
                  </Button>
                )}
              </Group>
            </Stack>
          </li>
        );
      })}
    </Stack>
  );
}
