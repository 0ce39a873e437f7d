import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DeliveryStateBadge } from '../../components/StateBadge.tsx';
import { channelLabel } from '../../lib/channel-label.ts';
import { objectPaths } from '../../lib/object-links.ts';
import { formatDateTime } from '../../lib/time.ts';
import type { Delivery } from './api.ts';

/** Deliveries stacked for a phone: the same facts as DeliveryRows' table, one block each, nothing off screen. */
export function DeliveryList({ rows, showReason }: { rows: Delivery[]; showReason: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" role="list">
      {rows.map((d) => (
        <Stack key={d.id} gap={2} role="listitem" data-delivery={d.id} pb="xs" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
          <Anchor component={Link} to={objectPaths.itemDeliveries(d.itemId)}>
            {d.title}
          </Anchor>
          <Text size="sm">
            {channelLabel(d.channel.name, t(`platforms.${d.channel.platform}`))}
          </Text>
          <Group gap="xs">
            <DeliveryStateBadge state={d.state} />
            <Text size="sm">{formatDateTime(d.dueAt)}</Text>
          </Group>
          {showReason && d.lastError?.message && <Text size="xs">{d.lastError.message}</Text>}
        </Stack>
      ))}
    </Stack>
  );
}
