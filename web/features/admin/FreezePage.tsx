import { Alert, Button, Card, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { fieldError } from '../../lib/api-client.ts';
import { formatDateTime } from '../../lib/time.ts';
import { useFreezeState, useSetFreeze } from './api.ts';

/** /app/quan-tri/tam-dung: the installation-wide publishing freeze, with its reason. */
export default function FreezePage() {
  const { t } = useTranslation();
  const freeze = useFreezeState();
  const set = useSetFreeze();
  // Everyone may see whether publishing is paused; only an administrator of a top-level unit switches it, as the
  // server says (can.switch): no red button for a manager who opened this page by its address, nor for a sub-unit's admin.
  const maySwitch = freeze.data?.can.switch.allowed ?? false;
  const [reason, setReason] = useState('');
  const on = freeze.data?.on ?? false;
  return (
    <Stack maw={720}>
      <Title order={1}>{t('admin.freeze.title')}</Title>
      <Text>{t('admin.freeze.explain')}</Text>
      <ProblemAlert error={freeze.error} />
      {freeze.data && (
        <Card withBorder>
          <Stack>
            {on ? (
              <Alert color="red" role="status" title={t('home.frozen')}>
                {t('home.frozenReason', { reason: freeze.data.reason ?? t('home.noReason'), at: formatDateTime(freeze.data.at) })}
              </Alert>
            ) : (
              <Alert color="green" role="status">
                {t('admin.freeze.isOff')}
              </Alert>
            )}
            {!maySwitch && <Text>{t('admin.freeze.adminOnly')}</Text>}
            {maySwitch && !on && (
              <Textarea label={t('admin.freeze.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={fieldError(set.error, '/reason')} autosize minRows={2} />
            )}
            <ProblemAlert error={set.error} fieldsShownInline={['/reason']} />
            {maySwitch && (
              <Button color={on ? 'blue' : 'red'} loading={set.isPending} w="fit-content" onClick={() => set.mutate(on ? { on: false } : { on: true, reason }, { onSuccess: () => setReason('') })}>
                {on ? t('admin.freeze.turnOff') : t('admin.freeze.turnOn')}
              </Button>
            )}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
