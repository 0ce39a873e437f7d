import { Anchor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Delivery } from './api.ts';

/** The published post on its platform, once there is one. */
export function PostLink({ delivery: d }: { delivery: Delivery }) {
  const { t } = useTranslation();
  if (!d.externalUrl) return null;
  return (
    <Anchor href={d.externalUrl} target="_blank" rel="noreferrer" size="sm">
      {t('board.openPost')}
    </Anchor>
  );
}
