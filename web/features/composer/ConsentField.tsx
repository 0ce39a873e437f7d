import { Anchor, MultiSelect, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../lib/time.ts';
import { useValidConsents } from './api.ts';

interface Props {
  consentIds: string[];
  onChange: (consentIds: string[]) => void;
  message: string | undefined;
  required: boolean;
}

/** The consent of each person the item shows (a testimony needs one; the server says when one does not hold). */
export function ConsentField({ consentIds, onChange, message, required }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const consents = useValidConsents(search);
  const data = (consents.data ?? []).map((c) => ({
    value: c.id,
    label: c.expiresAt ? t('composer.consentUntil', { name: c.personName, date: formatDate(c.expiresAt) }) : c.personName,
  }));
  // Chosen consents stay listed even when the search hides them.
  for (const id of consentIds) if (!data.some((d) => d.value === id)) data.push({ value: id, label: id });
  return (
    <Stack gap={4}>
      <MultiSelect
        label={t('composer.consents')}
        description={required ? t('composer.consentsRequired') : t('composer.consentsHelp')}
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        data={data}
        value={consentIds}
        onChange={onChange}
        error={message}
      />
      <Text size="xs">
        <Anchor underline="always" component={Link} to="/dong-y">
          {t('composer.recordConsent')}
        </Anchor>
      </Text>
    </Stack>
  );
}
