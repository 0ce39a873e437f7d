import { Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useDeleteChannelSet, type ChannelSet } from './api.ts';
import { EditChannelSetButton } from './EditChannelSetButton.tsx';

/** Editing and deleting (confirmed) a channel set, when the server lets this person manage it. */
export function ChannelSetActions({ set }: { set: ChannelSet }) {
  const { t } = useTranslation();
  const remove = useDeleteChannelSet(set.id);
  return (
    <>
      {set.can.manage.allowed && (
        <Group gap="xs">
          <EditChannelSetButton set={set} />
          <ConfirmButton label={t('channelSets.delete')} confirmTitle={t('channelSets.deleteTitle', { name: set.name })} confirmBody={t('channelSets.deleteBody')} loading={remove.isPending} onConfirm={() => remove.mutate()} />
        </Group>
      )}
      <ProblemAlert error={remove.error} />
    </>
  );
}
