import { Alert, Button, FileInput, MultiSelect, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { DateField } from '../../components/DateField.tsx';
import { useUnits } from '../../lib/content.ts';
import { errorFor, generalError } from '../../lib/problems.ts';
import { useMe } from '../../lib/session.ts';
import { useSingleFlight } from '../../lib/single-flight.ts';
import { VIETNAM_TZ, vnTime } from '../../lib/time.ts';
import { useRecordConsent } from './api.ts';

const platforms = ['facebook_page', 'youtube_channel', 'zalo_oa', 'zalo_group_manual', 'wordpress', 'site', 'webhook'] as const;
const fields = ['/unitId', '/personName', '/scope', '/platforms', '/grantedAt', '/expiresAt', '/documentMediaId'];

/** Records a person's consent: who, to what, on which platforms, from when until when, with the signed form. */
export function RecordConsentForm({ onDone }: { onDone: (id: string) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const units = useUnits();
  const record = useRecordConsent();
  const send = useSingleFlight(record);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [personName, setPersonName] = useState('');
  const [scope, setScope] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [grantedOn, setGrantedOn] = useState(vnTime(new Date()).format('YYYY-MM-DD'));
  const [expiresOn, setExpiresOn] = useState('');
  const [form, setForm] = useState<File | null>(null);
  const unit = unitId ?? units.data?.[0]?.id ?? '';
  const err = (f: string) => errorFor(record.error, f);
  // A day in Vietnam: granted at its start (not in the future), expiring at the end of the day chosen.
  const grantedAt = grantedOn ? dayjs.tz(grantedOn, VIETNAM_TZ).toISOString() : '';
  const expiresAt = expiresOn ? dayjs.tz(expiresOn, VIETNAM_TZ).add(1, 'day').toISOString() : null;

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const body = { unitId: unit, personName, scope, platforms: chosen as (typeof platforms)[number][], grantedAt, expiresAt };
        send({ body, form, csrfToken: me.data?.csrfToken ?? '' }, (c) => onDone(c.id));
      }}
    >
      <Stack gap="sm">
        {generalError(record.error, fields, t('common.networkError')) && (
          <Alert color="red" role="alert">
            {generalError(record.error, fields, t('common.networkError'))}
          </Alert>
        )}
        <Select label={t('composer.unit')} data={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} value={unit || null} onChange={setUnitId} error={err('/unitId')} />
        <TextInput label={t('consents.personName')} required value={personName} onChange={(e) => setPersonName(e.currentTarget.value)} error={err('/personName')} />
        <Textarea label={t('consents.scope')} description={t('consents.scopeHelp')} required value={scope} onChange={(e) => setScope(e.currentTarget.value)} error={err('/scope')} />
        <MultiSelect label={t('consents.platforms')} description={t('consents.platformsHelp')} data={platforms.map((p) => ({ value: p, label: t(`platforms.${p}`) }))} value={chosen} onChange={setChosen} error={err('/platforms')} />
        <DateField label={t('consents.grantedOn')} required value={grantedOn} onChange={setGrantedOn} error={err('/grantedAt')} />
        <DateField label={t('consents.expiresOn')} value={expiresOn} onChange={setExpiresOn} error={err('/expiresAt')} />
        <FileInput label={t('consents.signedForm')} accept="image/jpeg,image/png,application/pdf" value={form} onChange={setForm} clearable clearButtonProps={{ 'aria-label': t('dialogs.clearFile') }} error={err('/documentMediaId')} />
        <Button type="submit" loading={record.isPending} w="fit-content">
          {t('consents.record')}
        </Button>
      </Stack>
    </form>
  );
}
