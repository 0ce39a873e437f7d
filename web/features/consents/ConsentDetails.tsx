import { Alert, Anchor, Badge, Button, List, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorFor } from '../../lib/problems.ts';
import { formatDate } from '../../lib/time.ts';
import { useConsent, useWithdrawalImpact, useWithdraw } from './api.ts';

/** One consent: what it covers, the items showing the person, and withdrawing it with its impact shown first. */
export function ConsentDetails({ id }: { id: string }) {
  const { t } = useTranslation();
  const consent = useConsent(id);
  const impact = useWithdrawalImpact(id);
  const withdraw = useWithdraw(id);
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  if (!consent.data) return null;
  const c = consent.data.consent;
  return (
    <Stack gap="sm">
      <Text>
        <b>{t('consents.scope')}:</b> {c.scope}
      </Text>
      <Text size="sm">
        {c.platforms.length ? c.platforms.map((p) => t(`platforms.${p}`)).join(', ') : t('consents.allPlatforms')}
      </Text>
      <Text size="sm">
        {t('consents.grantedOn')}: {formatDate(c.grantedAt)} · {c.expiresAt ? t('consents.until', { date: formatDate(c.expiresAt) }) : t('consents.noExpiry')}
      </Text>
      {c.documentMediaId && (
        <Anchor underline="always" href={`/api/v1/media/${c.documentMediaId}/content`} target="_blank" rel="noreferrer">
          {t('consents.openForm')}
        </Anchor>
      )}
      {withdraw.data && (
        <Alert color="green" aria-live="polite">
          {t('consents.withdrawn', { cancel: withdraw.data.cancelledDeliveries, takedown: withdraw.data.startedDeliveries })}
        </Alert>
      )}
      {c.withdrawnAt && (
        <Alert color="gray">
          {t('consents.withdrawnOn', { date: formatDate(c.withdrawnAt) })} — {c.withdrawReason}
        </Alert>
      )}
      <Title order={3} size="h5">
        {t('consents.covers')}
      </Title>
      {consent.data.usedBy.length === 0 && <Text size="sm" c="dimmed">{t('consents.unused')}</Text>}
      <List size="sm">
        {consent.data.usedBy.map((u) => (
          <List.Item key={`${u.itemId}-${u.revision}`}>
            <Anchor underline="always" component={Link} to={`/bai-viet/${u.itemId}`}>
              {u.title}
            </Anchor>{' '}
            <Badge size="xs" variant="light">
              {t('media.revisionState', { n: u.revision, state: t(`revisionStates.${u.state}`) })}
            </Badge>
          </List.Item>
        ))}
      </List>
      {!c.withdrawnAt && (
        <Stack gap="xs">
          <Title order={3} size="h5">
            {t('consents.withdraw')}
          </Title>
          {impact.data && (
            <Alert color="orange" data-testid="withdraw-impact">
              {t('consents.impact', { cancel: impact.data.toCancel, takedown: impact.data.toTakeDown, revisions: impact.data.revisions })}
            </Alert>
          )}
          <Textarea label={t('consents.withdrawReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errorFor(withdraw.error, '/reason')} />
          {!confirming ? (
            <Button color="red" variant="light" w="fit-content" onClick={() => setConfirming(true)} disabled={!reason.trim()}>
              {t('consents.withdraw')}
            </Button>
          ) : (
            <Button color="red" w="fit-content" loading={withdraw.isPending} onClick={() => withdraw.mutate(reason, { onSuccess: () => setConfirming(false) })}>
              {t('consents.confirmWithdraw', { cancel: impact.data?.toCancel ?? 0 })}
            </Button>
          )}
          {withdraw.error && !errorFor(withdraw.error, '/reason') && <Alert color="red">{withdraw.error.message}</Alert>}
        </Stack>
      )}
    </Stack>
  );
}
