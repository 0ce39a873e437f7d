import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { rolesOf, useMe } from '../../lib/session.ts';

/** /app: the signed-in user's day. */
export default function HomePage() {
  const { t } = useTranslation();
  const me = useMe().data;
  if (!me) return null;
  return (
    <Stack>
      <Title order={1}>{t('home.greeting', { name: me.user.displayName })}</Title>
      <Group gap="xs" aria-label={t('home.yourRoles')}>
        <Text size="sm">{t('home.yourRoles')}:</Text>
        {[...rolesOf(me)].map((role) => (
          <Badge key={role} variant="light">
            {t(`roles.${role}`)}
          </Badge>
        ))}
      </Group>
    </Stack>
  );
}
