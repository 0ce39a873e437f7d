import { Button, Group, Modal, MultiSelect, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { fieldError } from '../../lib/api-client.ts';
import { errorFor } from '../../lib/problems.ts';
import { useUnits } from '../../lib/content.ts';
import { useChannelOfficers, useSaveManualGroup, type Channel } from './api.ts';

/**
 * A commune's manual Zalo group: its commune, name, how many people it reaches, and the commune
 * officers who post into it (chosen among those the server offers: its unit's officers and above).
 * Moving it to another commune lets go of the officers who are not officers there (the server
 * does it); the new commune's officers are chosen once it has moved.
 */
export function ManualGroupButton({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const officers = useChannelOfficers(channel.id, opened);
  const save = useSaveManualGroup(channel.id);
  const units = useUnits();
  const [unitId, setUnitId] = useState(channel.unitId);
  const moving = unitId !== channel.unitId;
  const [name, setName] = useState(channel.name);
  const [memberCount, setMemberCount] = useState<number | null>(channel.memberCount);
  const [userIds, setUserIds] = useState<string[] | null>(null);
  const chosen = userIds ?? officers.data?.officers.map((o) => o.id) ?? [];
  const start = () => {
    setUnitId(channel.unitId);
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
          <Select label={t('channels.groupUnit')} data={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} value={unitId} onChange={(id) => setUnitId(id ?? channel.unitId)} searchable error={fieldError(save.error, '/unitId')} required />
          <TextInput label={t('channels.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(save.error, '/name')} required data-autofocus />
          <NumberInput label={t('channels.memberCount')} min={0} value={memberCount ?? ''} onChange={(n) => setMemberCount(typeof n === 'number' ? n : null)} error={fieldError(save.error, '/memberCount')} />
          <MultiSelect
            label={t('channels.officers')}
            description={t(moving ? 'channels.officersAfterMove' : 'channels.officersHint')}
            disabled={moving}
            searchable
            data={(officers.data?.candidates ?? []).map((c) => ({ value: c.id, label: `${c.displayName} (${c.email})` }))}
            value={chosen}
            onChange={setUserIds}
            error={errorFor(save.error, '/userIds')}
          />
          <ProblemAlert error={save.error ?? officers.error} fieldsShownInline={['/unitId', '/name', '/memberCount', ...chosen.map((_, i) => `/userIds/${i}`)]} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button loading={save.isPending} disabled={officers.isPending} onClick={() => save.mutate({ name, memberCount, ...(moving ? { unitId } : { userIds: chosen }) }, { onSuccess: close })}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
