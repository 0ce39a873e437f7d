import { Anchor, Box, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DeliveryStateBadge } from '../../components/StateBadge.tsx';
import { objectPaths } from '../../lib/object-links.ts';
import { formatDateTime } from '../../lib/time.ts';
import type { Delivery } from './api.ts';
import { DeliveryList } from './DeliveryList.tsx';

/**
 * Deliveries as a table: due time (Vietnam), item, channel with its platform, state and reason;
 * stacked on a phone, where the four columns left the channel and the failure's reason off
 * screen. Both are rendered and CSS shows one (hiddenFrom/visibleFrom sm), as on the delivery
 * board: no first render in the wrong layout, nothing remounts when the width crosses over.
 */
export function DeliveryRows({ rows, showReason = false }: { rows: Delivery[]; showReason?: boolean }) {
  return (
    <>
      <Box hiddenFrom="sm">
        <DeliveryList rows={rows} showReason={showReason} />
      </Box>
      <DeliveryTable rows={rows} showReason={showReason} />
    </>
  );
}

function DeliveryTable({ rows, showReason }: { rows: Delivery[]; showReason: boolean }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer visibleFrom="sm" minWidth={560}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('home.due')}</Table.Th>
            <Table.Th>{t('home.item')}</Table.Th>
            <Table.Th>{t('home.channel')}</Table.Th>
            <Table.Th>{t('home.state')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((d) => (
            <Table.Tr key={d.id} data-delivery={d.id}>
              <Table.Td>{formatDateTime(d.dueAt)}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={objectPaths.itemDeliveries(d.itemId)}>
                  {d.title}
                </Anchor>
                <Text size="xs">{t(`themes.${d.theme}`)}</Text>
              </Table.Td>
              <Table.Td>
                {d.channel.name}
                <Text size="xs">{t(`platforms.${d.channel.platform}`)}</Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <DeliveryStateBadge state={d.state} />
                </Group>
                {showReason && d.lastError?.message && <Text size="xs">{d.lastError.message}</Text>}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
