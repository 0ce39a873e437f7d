import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RevisionStateBadge } from '../../components/StateBadge.tsx';
import { formatDateTime } from '../../lib/time.ts';
import type { Item } from './api.ts';

/** Items with their state, theme, unit and planned time; `to` picks where each one opens. */
export function ItemRows({ rows, to }: { rows: Item[]; to: (item: Item) => string }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {rows.map((item) => (
        <li key={item.id}>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <RevisionStateBadge state={item.state} />
            <div>
              <Anchor component={Link} to={to(item)}>
                {item.title}
              </Anchor>
              <Text size="xs">
                {[t(`themes.${item.theme}`), item.unitName, item.publishAt ? t('home.plannedAt', { at: formatDateTime(item.publishAt) }) : null]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
            </div>
          </Group>
        </li>
      ))}
    </Stack>
  );
}
