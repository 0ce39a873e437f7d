import { Anchor, Card, List, Text, ThemeIcon, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFirstSteps } from './api.ts';

const STEPS = [
  { key: 'units', to: '/quan-tri/don-vi' },
  { key: 'channels', to: '/kenh' },
  { key: 'users', to: '/quan-tri/nguoi-dung' },
  { key: 'items', to: '/bai-viet/moi' },
] as const;

/**
 * An administrator's first steps on a new installation (units, channels, people, a first item), each ticked off
 * from what the database holds; the card goes away once all four are done. Without it, the first screen after
 * setup is a column of empty lists with nothing saying where to begin.
 */
export function GettingStarted() {
  const { t } = useTranslation();
  const done = useFirstSteps().data;
  if (!done || STEPS.every((s) => done[s.key])) return null;
  const title = t('home.firstSteps.title');
  return (
    <Card withBorder component="section" aria-label={title}>
      <Title order={2} size="h4">
        {title}
      </Title>
      <Text size="sm" mb="xs">
        {t('home.firstSteps.intro')}
      </Text>
      <List spacing="xs" type="ordered">
        {STEPS.map((s, i) => (
          <List.Item
            key={s.key}
            icon={
              <ThemeIcon size={24} radius="xl" variant={done[s.key] ? 'filled' : 'light'} color={done[s.key] ? 'teal' : 'gray'} fz="sm" fw={700} aria-hidden>
                {done[s.key] ? (
                  <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="3" aria-hidden="true">
                    <path d="M5 12l5 5L20 7" />
                  </svg>
                ) : (
                  i + 1
                )}
              </ThemeIcon>
            }
          >
            <Anchor component={Link} to={s.to} td={done[s.key] ? 'line-through' : undefined}>
              {t(`home.firstSteps.${s.key}`)}
            </Anchor>{' '}
            <Text span size="sm">
              {done[s.key] ? t('home.firstSteps.done') : t(`home.firstSteps.${s.key}Hint`)}
            </Text>
          </List.Item>
        ))}
      </List>
    </Card>
  );
}
