import { Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import '../../lib/touch.css';
import type { ChannelSet } from './api.ts';
import { ChannelSetActions } from './ChannelSetActions.tsx';

/** A set as shown: its name, its unit's name and its channels' names (sorted). */
export interface ShownSet {
  set: ChannelSet;
  unit: string;
  members: string[];
}

/** Channel sets as a table, or on a phone (where the actions sat off screen) one block each. */
export function ChannelSetList({ sets }: { sets: ShownSet[] }) {
  const { t } = useTranslation();
  const members = (s: ShownSet) => (s.members.length ? s.members.join(', ') : t('channelSets.empty'));
  // CSS picks the layout, so an open dialog survives a resize (a JS switch remounted its button).
  return (
    <>
      <Stack hiddenFrom="sm" gap="sm" role="list" aria-label={t('channelSets.title')}>
        {sets.map((s) => (
          <Stack key={s.set.id} gap="xs" role="listitem" data-channel-set={s.set.id} pb="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
            <div>
              <Text fw={500}>{s.set.name}</Text>
              <Text size="xs" c="gray.7">
                {s.unit}
              </Text>
            </div>
            <Text size="sm">{members(s)}</Text>
            <div className="loa-touch">
              <ChannelSetActions set={s.set} />
            </div>
          </Stack>
        ))}
      </Stack>
      <Table.ScrollContainer visibleFrom="sm" minWidth={700}>
        <Table aria-label={t('channelSets.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('channelSets.name')}</Table.Th>
              <Table.Th>{t('channels.unit')}</Table.Th>
              <Table.Th>{t('channelSets.members')}</Table.Th>
              <Table.Th>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sets.map((s) => (
              <Table.Tr key={s.set.id} data-channel-set={s.set.id}>
                <Table.Td>
                  <Text fw={500}>{s.set.name}</Text>
                </Table.Td>
                <Table.Td>{s.unit}</Table.Td>
                <Table.Td>
                  <Text size="sm">{members(s)}</Text>
                </Table.Td>
                <Table.Td>
                  <ChannelSetActions set={s.set} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
