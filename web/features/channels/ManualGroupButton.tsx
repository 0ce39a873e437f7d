import { Button, Group, Modal, MultiSelect, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { fieldError } from '../../lib/api-client.ts';
import { errorFor } from '../../lib/problems.ts';
import { useChannelOfficers, useSaveManualGroup, type Channel } from './api.ts';

/**
 * A commune's manual Zalo group: its name, how many people it reaches, and the commune
 * officers who post into it (chosen among those the server offers: its unit's officers and above).
 */
export function ManualGroupButton({ channel, unitName }: { channel: Channel; unitName: string }) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const officers = useChannelOfficers(channel.id, opened);
  const save = useSaveManualGroup(channel.id);
  const [name, setName] = useState(channel.name);
  const [memberCount, setMemberCount] = useState<number | null>(channel.memberCount);
  const [userIds, setUserIds] = useState<string[] | null>(null);
  const chosen = userIds ?? officers.data?.officers.map((o) => o.id) ?? [];
  const start = () => {
    setName(channel.name);
    setMemberCount(channel.memberCount);
    setUserIds(null);
    save.reset();
    open();
  };
  return (
    <>
      <Button size="compact-sm" variant="light" onClick={start} aria-label={t('channels.editGroupOf', { name: channel.name })}>
        {t('channels.editGroup')}
      </Button>
      <Modal className="loa-contrast" opened={opened} onClose={close} title={t('channels.editGroupOf', { name: channel.name })} closeButtonProps={{ 'aria-label': t('common.close') }} size="lg">
        <Stack>
          <Text size="sm">{t('channels.groupCommune', { unit: unitName })}</Text>
          <TextInput label={t('channels.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(save.error, '/name')} required data-autofocus />
          <NumberInput label={t('channels.memberCount')} min={0} value={memberCount ?? ''} onChange={(n) => setMemberCount(typeof n === 'number' ? n : null)} error={fieldError(save.error, '/memberCount')} />
          <MultiSelect
            label={t('channels.officers')}
            description={t('channels.officersHint')}
            searchable
            data={(officers.data?.candidates ?? []).map((c) => ({ value: c.id, label: `${c.displayName} (${c.email})` }))}
            value={chosen}
            onChange={setUserIds}
            error={errorFor(save.error, '/userIds')}
          />
          <ProblemAlert error={save.error ?? officers.error} fieldsShownInline={['/name', '/memberCount', ...chosen.map((_, i) => `/userIds/${i}`)]} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button loading={save.isPending} disabled={officers.isPending} onClick={() => save.mutate({ name, memberCount, userIds: chosen }, { onSuccess: close })}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
