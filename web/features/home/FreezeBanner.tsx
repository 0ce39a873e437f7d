import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/time.ts';
import { useFreeze } from './api.ts';

/** While publishing is frozen installation-wide, every page of home says so, with the reason. */
export function FreezeBanner() {
  const { t } = useTranslation();
  const freeze = useFreeze().data;
  if (!freeze?.on) return null;
  return (
    <Alert color="red" role="alert" title={t('home.frozen')}>
      {t('home.frozenReason', { reason: freeze.reason ?? t('home.noReason'), at: formatDateTime(freeze.at) })}
    </Alert>
  );
}
