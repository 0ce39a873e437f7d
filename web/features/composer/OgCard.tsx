import { Box, Card, Image, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DraftPreview } from './api.ts';

/** The link card Facebook and Zalo show when the article's address is shared (its OpenGraph tags). */
export function OgCard({ og, compact = false }: { og: NonNullable<DraftPreview['og']>; compact?: boolean }) {
  const { t } = useTranslation();
  const host = new URL(og.url).host;
  return (
    <Card withBorder padding={0} mt={compact ? 'xs' : 0} data-preview="og-card" aria-label={t('composer.og.label')}>
      <Image src={og.image} alt={t('composer.og.imageAlt', { title: og.title })} />
      <Box p="xs" bg="gray.0">
        <Text size="xs" c="dimmed" tt="uppercase">
          {host}
        </Text>
        <Text fw={700} size="sm" lineClamp={2}>
          {og.title}
        </Text>
        <Text size="xs" c="dimmed" lineClamp={2}>
          {og.description}
        </Text>
      </Box>
    </Card>
  );
}
