import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../lib/session.ts';
import { ApiTokensCard } from './ApiTokensCard.tsx';
import { LanguageCard } from './LanguageCard.tsx';
import { PasswordCard } from './PasswordCard.tsx';

/** /app/ho-so: my language, password and API tokens. */
export default function ProfilePage() {
  const { t } = useTranslation();
  const me = useMe().data;
  return (
    <Stack maw={900}>
      <Title order={1}>{t('profile.title')}</Title>
      {me && (
        <Text>
          {me.user.displayName} · {me.user.email}
        </Text>
      )}
      <LanguageCard />
      <PasswordCard />
      <ApiTokensCard />
    </Stack>
  );
}
