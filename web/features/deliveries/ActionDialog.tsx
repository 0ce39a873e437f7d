import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTimeField } from '../../components/DateTimeField.tsx';
import { ApiError } from '../../lib/api-client.ts';
import { errorFor } from '../../lib/problems.ts';
import { useSingleFlight } from '../../lib/single-flight.ts';
import { formatDateTime, VIETNAM_TZ, vnTime } from '../../lib/time.ts';
import dayjs from 'dayjs';
import { useDeliveryAction, type ActionInput, type ActionName, type Delivery } from './api.ts';

interface Props {
  delivery: Delivery;
  action: ActionName;
  onClose(): void;
}

/**
 * The confirmation of one action on a delivery, with what it needs (a new time, a reason,
 * the outcome found on the platform). The server's refusal shows next to the field it names.
 */
export function ActionDialog({ delivery, action, onClose }: Props) {
  const { t } = useTranslation();
  const mutation = useDeliveryAction(delivery.id);
  const send = useSingleFlight(mutation);
  const [dueAt, setDueAt] = useState(vnTime(delivery.dueAt).format('YYYY-MM-DDTHH:mm'));
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<'published' | 'absent' | 'failed'>('published');
  const [externalId, setExternalId] = useState('');
  const [url, setUrl] = useState('');
  const [done, setDone] = useState<string | null>(null);

  const problem = mutation.error instanceof ApiError ? mutation.error.problem : null;
  // The field's own words, not the detail that names it by a JSON pointer.
  const fieldError = (field: string) => errorFor(mutation.error, field);
  const general = problem && !['/dueAt', '/reason', '/externalId', '/url'].includes(problem.field ?? '') ? problem.detail : null;

  function input(): ActionInput {
    if (action === 'reschedule') return { action, dueAt: dayjs.tz(dueAt, VIETNAM_TZ).toISOString() };
    if (action === 'takeDown') return { action, reason };
    if (action === 'markReconciled') {
      if (outcome === 'published') return { action, outcome, externalId, ...(url ? { url } : {}) };
      if (outcome === 'failed') return { action, outcome, reason };
      return { action, outcome };
    }
    return { action };
  }

  const submit = () =>
    send(input(), (answer) => {
      const submitted = (answer as { outcome?: string; revisionNumber?: number }).outcome === 'revision_submitted';
      if (submitted) setDone(t('board.revisionSubmitted', { number: (answer as { revisionNumber: number }).revisionNumber }));
      else onClose();
    });

  return (
    <Modal opened onClose={onClose} title={t(`board.actions.${action}`)} centered className="loa-contrast" closeButtonProps={{ 'aria-label': t('board.close') }}>
      {/* A form, so a time typed wrong (or a required reason left empty) stops the action before it is sent. */}
      <Stack
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Text size="sm">{t(`board.confirm.${action}`, { channel: delivery.channel.name, time: formatDateTime(delivery.dueAt) })}</Text>
        {action === 'reschedule' && (
          <>
            {delivery.can.reschedule.mode === 'revision' && <Alert color="blue">{t('board.rescheduleByRevision')}</Alert>}
            <DateTimeField label={t('board.newTime')} value={dueAt} onChange={setDueAt} error={fieldError('/dueAt')} required />
          </>
        )}
        {action === 'takeDown' && <Textarea label={t('board.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={fieldError('/reason')} required />}
        {action === 'markReconciled' && (
          <>
            <Select
              label={t('board.outcome')}
              value={outcome}
              onChange={(v) => setOutcome((v as typeof outcome) ?? 'published')}
              data={(['published', 'absent', 'failed'] as const).map((o) => ({ value: o, label: t(`board.outcomes.${o}`) }))}
            />
            {outcome === 'published' && (
              <>
                <TextInput label={t('board.externalId')} value={externalId} onChange={(e) => setExternalId(e.currentTarget.value)} error={fieldError('/externalId')} required />
                <TextInput label={t('board.externalUrl')} value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={fieldError('/url')} />
              </>
            )}
            {outcome === 'failed' && <Textarea label={t('board.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={fieldError('/reason')} required />}
          </>
        )}
        {general && (
          <Alert color="red" role="alert">
            {general}
          </Alert>
        )}
        {done && (
          <Alert color="green" role="status">
            {done}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {done ? t('board.close') : t('board.back')}
          </Button>
          {!done && (
            <Button type="submit" loading={mutation.isPending} color={action === 'cancel' || action === 'takeDown' ? 'red' : undefined}>
              {t(`board.actions.${action}`)}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
