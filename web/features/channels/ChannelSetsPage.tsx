import { Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { rolesOf, useMe } from '../../lib/session.ts';
import '../../lib/contrast.css';
import { useChannels, useChannelSets, useDeleteChannelSet, useUnits, type ChannelSet } from './api.ts';
import { EditChannelSetButton } from './EditChannelSetButton.tsx';
import { NewChannelSetForm } from './NewChannelSetForm.tsx';

/** /app/kenh/nhom: named groups of channels, picked as one target in the composer. */
export default function ChannelSetsPage() {
  const { t } = useTranslation();
  const sets = useChannelSets();
  const channels = useChannels();
  const units = useUnits();
  const me = useMe().data;
  const channelName = new Map((channels.data ?? []).map((c) => [c.id, c.name]));
  const unitName = new Map((units.data ?? []).map((u) => [u.id, u.name]));
  return (
    <Stack className="loa-contrast">
      <Title order={1}>{t('channelSets.title')}</Title>
      <Text size="sm">{t('channelSets.intro')}</Text>
      {sets.isPending && <Loader role="status" aria-label={t('common.loading')} />}
      <ProblemAlert error={sets.error} />
      {sets.data && sets.data.length === 0 && <Text>{t('channelSets.none')}</Text>}
      {sets.data && sets.data.length > 0 && (
        <Table.ScrollContainer minWidth={700}>
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
              {sets.data.map((s) => (
                <SetRow key={s.id} set={s} unit={unitName.get(s.unitId) ?? ''} members={s.channelIds.map((id) => channelName.get(id) ?? '').filter(Boolean).sort((a, b) => a.localeCompare(b, 'vi'))} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {me && rolesOf(me).has('admin') && <NewChannelSetForm />}
    </Stack>
  );
}

function SetRow({ set, unit, members }: { set: ChannelSet; unit: string; members: string[] }) {
  const { t } = useTranslation();
  const remove = useDeleteChannelSet(set.id);
  return (
    <Table.Tr data-channel-set={set.id}>
      <Table.Td>
        <Text fw={500}>{set.name}</Text>
      </Table.Td>
      <Table.Td>{unit}</Table.Td>
      <Table.Td>
        <Text size="sm">{members.length ? members.join(', ') : t('channelSets.empty')}</Text>
      </Table.Td>
      <Table.Td>
        {set.can.manage.allowed && (
          <Group gap="xs">
            <EditChannelSetButton set={set} />
            <ConfirmButton label={t('channelSets.delete')} confirmTitle={t('channelSets.deleteTitle', { name: set.name })} confirmBody={t('channelSets.deleteBody')} loading={remove.isPending} onConfirm={() => remove.mutate()} />
          </Group>
        )}
        <ProblemAlert error={remove.error} />
      </Table.Td>
    </Table.Tr>
  );
}
