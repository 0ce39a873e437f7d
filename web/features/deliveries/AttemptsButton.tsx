import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Delivery } from './api.ts';

/** "N tries": shows or hides the delivery's attempts. */
export function AttemptsButton({ delivery, shown, onToggle }: { delivery: Delivery; shown: boolean; onToggle: () => void }) {
  const { t } = useTranslation();
  return (
    <Button variant="default" size="compact-sm" onClick={onToggle} aria-expanded={shown}>
      {t('board.attemptCount', { count: delivery.attemptsMade })}
    </Button>
  );
}
