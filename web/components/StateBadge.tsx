import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const deliveryColors: Record<string, string> = {
  scheduled: 'blue',
  publishing: 'blue',
  processing: 'blue',
  retrying: 'orange',
  needs_reconnect: 'red',
  unconfirmed: 'orange',
  published: 'green',
  failed: 'red',
  awaiting_officer: 'violet',
  missed: 'red',
  cancelled: 'gray',
  taken_down: 'gray',
};

const revisionColors: Record<string, string> = {
  draft: 'gray',
  in_review: 'orange',
  approved: 'green',
  rejected: 'red',
  superseded: 'gray',
  expired: 'red',
};

/** A delivery's state in words (never the raw key), coloured by what it asks of a person. */
export function DeliveryStateBadge({ state }: { state: string }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={deliveryColors[state] ?? 'gray'}>
      {t(`deliveryStates.${state}`)}
    </Badge>
  );
}

export function RevisionStateBadge({ state }: { state: string }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={revisionColors[state] ?? 'gray'}>
      {t(`revisionStates.${state}`)}
    </Badge>
  );
}
