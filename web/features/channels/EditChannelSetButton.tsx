import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { fieldError } from '../../lib/api-client.ts';
import { errorFor } from '../../lib/problems.ts';
import { useRenameChannelSet, useSetMembers, type ChannelSet } from './api.ts';
import { SetMembersInput } from './SetMembersInput.tsx';

/** Renames a set and changes which channels it holds, in one dialog. */
export function EditChannelSetButton({ set }: { set: ChannelSet }) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const rename = useRenameChannelSet(set.id);
  const members = useSetMembers(set);
  const [name, setName] = useState(set.name);
  const [channelIds, setChannelIds] = useState(set.channelIds);
  const error = rename.error ?? members.error;
  const start = () => {
    setName(set.name);
    setChannelIds(set.channelIds);
    rename.reset();
    members.reset();
    open();
  };
  const save = async () => {
    if (name !== set.name) await rename.mutateAsync(name);
    await members.mutateAsync(channelIds);
    close();
  };
  return (
    <>
      <Button size="xs" variant="light" onClick={start} aria-label={t('channelSets.editOf', { name: set.name })}>
        {t('channelSets.edit')}
      </Button>
      <Modal className="loa-contrast" opened={opened} onClose={close} title={t('channelSets.editOf', { name: set.name })} closeButtonProps={{ 'aria-label': t('common.close') }} size="lg">
        <Stack>
          <TextInput label={t('channelSets.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(rename.error, '/name')} required data-autofocus />
          <SetMembersInput unitId={set.unitId} value={channelIds} onChange={setChannelIds} error={errorFor(members.error, '/channelIds')} />
          <ProblemAlert error={error} fieldsShownInline={['/name', ...channelIds.map((_, i) => `/channelIds/${i}`)]} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button loading={rename.isPending || members.isPending} onClick={() => save().catch(() => undefined)}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
