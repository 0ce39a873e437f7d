import { Card, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useMe } from '../../lib/session.ts';
import { useUpdateProfile } from './api.ts';

/** The language of the app and of the server's messages, stored in the profile. */
export function LanguageCard() {
  const { t } = useTranslation();
  const me = useMe().data;
  const update = useUpdateProfile();
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4" id="language-title">
          {t('profile.language')}
        </Title>
        <Text size="sm">{t('profile.languageHelp')}</Text>
        <SegmentedControl
          aria-labelledby="language-title"
          value={me?.user.locale === 'en' ? 'en' : 'vi'}
          disabled={update.isPending}
          onChange={(locale) => update.mutate({ locale: locale as 'vi' | 'en' })}
          data={[
            { value: 'vi', label: 'Tiếng Việt' },
            { value: 'en', label: 'English' },
          ]}
        />
        <ProblemAlert error={update.error} />
      </Stack>
    </Card>
  );
}
