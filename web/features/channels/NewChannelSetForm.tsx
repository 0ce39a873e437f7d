import { Button, Card, Group, Select, Stack, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { fieldError } from '../../lib/api-client.ts';
import { onlyChoice } from '../../lib/only-choice.ts';
import { errorFor } from '../../lib/problems.ts';
import { useUnits } from '../../lib/content.ts';
import { useSingleFlight } from '../../lib/single-flight.ts';
import { useCreateChannelSet } from './api.ts';
import { SetMembersInput } from './SetMembersInput.tsx';

/** A new channel set: its unit, its name and the channels of that unit's subtree it groups. */
export function NewChannelSetForm() {
  const { t } = useTranslation();
  const units = useUnits();
  const unitOptions = (units.data ?? []).map((u) => ({ value: u.id, label: u.name }));
  const create = useCreateChannelSet();
  const send = useSingleFlight(create);
  const [picked, setUnitId] = useState<string | null>(null);
  const unitId = picked ?? onlyChoice(unitOptions);
  const [name, setName] = useState('');
  const [channelIds, setChannelIds] = useState<string[]>([]);
  const save = () =>
    send({ unitId: unitId ?? '', name, channelIds }, () => {
      setName('');
      setChannelIds([]);
    });
  return (
    <Card withBorder component="section" aria-labelledby="new-channel-set">
      <Title order={2} size="h4" id="new-channel-set" mb="sm">
        {t('channelSets.newTitle')}
      </Title>
      <Stack>
        <Group grow align="flex-start">
          <Select
            label={t('channels.unit')}
            data={unitOptions}
            value={unitId}
            onChange={(id) => {
              setUnitId(id);
              setChannelIds([]);
            }}
            searchable
            error={fieldError(create.error, '/unitId')}
            required
          />
          <TextInput label={t('channelSets.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(create.error, '/name')} required />
        </Group>
        <SetMembersInput unitId={unitId} value={channelIds} onChange={setChannelIds} error={errorFor(create.error, '/channelIds')} />
        <ProblemAlert error={create.error} fieldsShownInline={['/unitId', '/name', ...channelIds.map((_, i) => `/channelIds/${i}`)]} />
        <Group>
          <Button onClick={save} loading={create.isPending}>
            {t('channelSets.create')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
