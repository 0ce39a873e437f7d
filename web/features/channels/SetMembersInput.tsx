import { MultiSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { channelLabel } from '../../lib/channel-label.ts';
import { useChannelsUnder } from './api.ts';

/** The channels a set of `unitId` may hold (that unit's subtree, as the server lists it), by name and platform. */
export function SetMembersInput({ unitId, value, onChange, error }: { unitId: string | null; value: string[]; onChange(ids: string[]): void; error?: string | undefined }) {
  const { t } = useTranslation();
  const channels = useChannelsUnder(unitId);
  return (
    <MultiSelect
      label={t('channelSets.members')}
      description={unitId ? undefined : t('channelSets.chooseUnitFirst')}
      searchable
      data={(channels.data ?? []).map((c) => ({ value: c.id, label: channelLabel(c.name, t(`platforms.${c.platform}`)) }))}
      value={value}
      onChange={onChange}
      error={error}
    />
  );
}
