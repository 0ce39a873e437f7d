import { Alert, Button, CloseButton, FileButton, Group, NumberInput, Progress, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateField.tsx';
import { vietnamToday } from '../../lib/time.ts';
import { useItemSearch, useLinks } from '../../lib/content.ts';
import { useFocusRefusal } from '../../lib/focus-refusal.ts';
import { errorFor, generalError } from '../../lib/problems.ts';
import { useMe } from '../../lib/session.ts';
import { useSingleFlight } from '../../lib/single-flight.ts';
import { uploadFile, UploadError, type UploadProgress } from '../../lib/uploads.ts';
import { useRecordActivity, type ActivityInput } from './api.ts';

const TYPES = ['radio', 'television', 'print', 'loudspeaker', 'banner', 'poster', 'leaflet', 'conference'] as const;

interface Draft {
  type: ActivityInput['type'];
  occurredOn: string;
  title: string;
  quantity: number;
  estimatedAudience: number | null;
  note: string;
  proof: { id: string; name: string } | null;
  item: { id: string; title: string } | null;
  linkId: string | null;
}
const empty = (): Draft => ({ type: 'loudspeaker', occurredOn: vietnamToday(), title: '', quantity: 1, estimatedAudience: null, note: '', proof: null, item: null, linkId: null });

/**
 * Records one activity of a unit: what, when, how much, the estimated audience, a proof
 * (a photo or a PDF, uploaded into the unit's media library) and, when there is one, the
 * item it carried and the tracked link or QR printed on it (its clicks then show beside
 * the activity in reports).
 */
export function ActivityForm({ unitId }: { unitId: string | null }) {
  const { t } = useTranslation();
  const me = useMe();
  const record = useRecordActivity();
  // A double-click (or Enter twice) on a slow PC recorded the activity twice, counted twice in the reports.
  const send = useSingleFlight(record);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusRefusal(record.error, formRef);
  const [form, setForm] = useState<Draft>(empty);
  const [itemQuery, setItemQuery] = useState('');
  const items = useItemSearch(itemQuery);
  const links = useLinks(form.item?.id ?? null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [uploadFailure, setUploadFailure] = useState<string | null>(null);

  const fields = ['/type', '/occurredOn', '/title', '/quantity', '/estimatedAudience', '/proofMediaId', '/itemId', '/linkId'];
  const error = generalError(record.error, fields, t('common.networkError'));
  const itemChoices = [...(form.item ? [{ value: form.item.id, label: form.item.title }] : []), ...(items.data ?? []).filter((i) => i.id !== form.item?.id).map((i) => ({ value: i.id, label: i.title }))];

  const upload = async (file: File | null) => {
    const csrf = me.data?.csrfToken;
    if (!file || !csrf || !unitId) return;
    setUploadFailure(null);
    setProgress({ name: file.name, sent: 0, total: file.size, retrying: false });
    try {
      const media = await uploadFile(file, unitId, csrf, setProgress);
      setForm((f) => ({ ...f, proof: { id: media.id, name: file.name } }));
    } catch (e) {
      setUploadFailure(e instanceof UploadError && e.detail ? e.detail : t('common.networkError'));
    } finally {
      setProgress(null);
    }
  };

  return (
    <form
      ref={formRef}
      // The server's Vietnamese message shows under the field, not the browser's own bubble (English on many office PCs).
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!unitId) return;
        send(
          {
            unitId,
            type: form.type,
            occurredOn: form.occurredOn,
            title: form.title,
            quantity: form.quantity,
            estimatedAudience: form.estimatedAudience,
            ...(form.note ? { note: form.note } : {}),
            ...(form.proof ? { proofMediaId: form.proof.id } : {}),
            ...(form.item ? { itemId: form.item.id } : {}),
            ...(form.linkId ? { linkId: form.linkId } : {}),
          },
          () => setForm(empty()),
        );
      }}
    >
      <Stack gap="xs">
        <Title order={2}>{t('activities.record')}</Title>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select label={t('activities.type')} data={TYPES.map((x) => ({ value: x, label: t(`activities.types.${x}`) }))} value={form.type} onChange={(v) => v && setForm({ ...form, type: v as ActivityInput['type'] })} error={errorFor(record.error, '/type')} />
          <DateField label={t('activities.occurredOn')} value={form.occurredOn} onChange={(occurredOn) => setForm({ ...form, occurredOn })} error={errorFor(record.error, '/occurredOn')} />
          <TextInput label={t('activities.name')} required value={form.title} onChange={(e) => setForm({ ...form, title: e.currentTarget.value })} error={errorFor(record.error, '/title')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput label={t('activities.quantity')} min={1} value={form.quantity} onChange={(v) => setForm({ ...form, quantity: Number(v) || 1 })} error={errorFor(record.error, '/quantity')} />
          <NumberInput label={t('activities.audience')} min={0} value={form.estimatedAudience ?? ''} onChange={(v) => setForm({ ...form, estimatedAudience: v === '' ? null : Number(v) })} error={errorFor(record.error, '/estimatedAudience')} />
          <TextInput label={t('activities.note')} value={form.note} onChange={(e) => setForm({ ...form, note: e.currentTarget.value })} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('activities.item')}
            description={t('activities.itemHint')}
            placeholder={t('activities.pickItem')}
            searchable
            clearable
            // The server already matched the titles, accents ignored: show what it found.
            filter={({ options }) => options}
            onSearchChange={setItemQuery}
            data={itemChoices}
            value={form.item?.id ?? null}
            onChange={(id, option) => setForm({ ...form, item: id && option ? { id, title: option.label } : null, linkId: null })}
            error={errorFor(record.error, '/itemId')}
          />
          <Select
            label={t('activities.link')}
            description={form.item ? t('activities.linkHint') : t('activities.linkNeedsItem')}
            placeholder={t('activities.pickLink')}
            clearable
            disabled={!form.item}
            data={(links.data ?? []).map((l) => ({ value: l.id, label: l.label ? `${l.label} (${l.code})` : l.code }))}
            value={form.linkId}
            onChange={(id) => setForm({ ...form, linkId: id })}
            error={errorFor(record.error, '/linkId')}
          />
        </SimpleGrid>
        <Stack gap={4}>
          <Text size="sm" fw={500} id="activity-proof">
            {t('activities.proof')}
          </Text>
          {form.proof ? (
            <Group gap="xs" aria-labelledby="activity-proof">
              <Text size="sm" data-proof>
                {form.proof.name}
              </Text>
              <CloseButton aria-label={t('activities.removeProof')} onClick={() => setForm({ ...form, proof: null })} />
            </Group>
          ) : (
            <FileButton onChange={(f) => void upload(f)} accept="image/jpeg,image/png,image/webp,application/pdf">
              {(props) => (
                <Button {...props} variant="default" w="fit-content" loading={progress !== null} disabled={!unitId}>
                  {t('activities.uploadProof')}
                </Button>
              )}
            </FileButton>
          )}
          {progress && <Progress value={progress.total ? (100 * progress.sent) / progress.total : 0} aria-label={t('activities.uploading', { name: progress.name })} />}
          {(uploadFailure ?? errorFor(record.error, '/proofMediaId')) && (
            <Text size="sm" c="red" role="alert">
              {uploadFailure ?? errorFor(record.error, '/proofMediaId')}
            </Text>
          )}
        </Stack>
        <Group>
          <Button type="submit" loading={record.isPending}>
            {t('activities.save')}
          </Button>
          {record.isSuccess && <Text size="sm">{t('activities.saved')}</Text>}
        </Group>
      </Stack>
    </form>
  );
}
