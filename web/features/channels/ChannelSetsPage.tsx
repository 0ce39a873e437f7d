import { Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { rolesOf, useMe } from '../../lib/session.ts';
import '../../lib/contrast.css';
import { useUnits } from '../../lib/content.ts';
import { useChannels, useChannelSets } from './api.ts';
import { ChannelSetList } from './ChannelSetList.tsx';
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
  const shown = (sets.data ?? []).map((set) => ({
    set,
    unit: unitName.get(set.unitId) ?? '',
    members: set.channelIds
      .map((id) => channelName.get(id) ?? '')
      .filter(Boolean)
      .sort((a, b) => a.localeCompare(b, 'vi')),
  }));
  return (
    <Stack className="loa-contrast">
      <Title order={1}>{t('channelSets.title')}</Title>
      <Text size="sm">{t('channelSets.intro')}</Text>
      {sets.isPending && <Loader role="status" aria-label={t('common.loading')} />}
      <ProblemAlert error={sets.error} />
      {sets.data && sets.data.length === 0 && <Text>{t('channelSets.none')}</Text>}
      {shown.length > 0 && <ChannelSetList sets={shown} />}
      {me && rolesOf(me).has('admin') && <NewChannelSetForm />}
    </Stack>
  );
}
