import { Alert, Button, Group, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnits } from '../../lib/content.ts';
import { errorFor, generalError } from '../../lib/problems.ts';
import { useActivities, useRecordActivity, type ActivityInput } from './api.ts';
import { fmt } from './format.ts';

const TYPES = ['radio', 'television', 'print', 'loudspeaker', 'banner', 'poster', 'leaflet', 'conference'] as const;
const today = () => new Date().toISOString().slice(0, 10);
const yearStart = () => `${new Date().getFullYear()}-01-01`;

/** /app/hoat-dong: outreach that is not an online post — recorded by editors and commune officers, listed for managers. */
export default function ActivitiesPage() {
  const { t } = useTranslation();
  const units = useUnits();
  const [unitId, setUnitId] = useState<string | null>(null);
  const unit = unitId ?? units.data?.[0]?.id ?? null;
  const [from, setFrom] = useState(yearStart());
  const [to, setTo] = useState(today());
  const list = useActivities(unit, from, to);
  const record = useRecordActivity();
  const [form, setForm] = useState<{ type: ActivityInput['type']; occurredOn: string; title: string; quantity: number; estimatedAudience: number | null; note: string }>({
    type: 'loudspeaker',
    occurredOn: today(),
    title: '',
    quantity: 1,
    estimatedAudience: null,
    note: '',
  });
  const fields = ['/type', '/occurredOn', '/title', '/quantity', '/estimatedAudience'];
  const error = generalError(record.error, fields, t('common.networkError'));
  return (
    <Stack>
      <Title order={1}>{t('activities.title')}</Title>
      <Text size="sm">{t('activities.intro')}</Text>
      <Group align="flex-end">
        <Select label={t('reports.unit')} allowDeselect={false} data={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} value={unit} onChange={setUnitId} />
        <TextInput type="date" label={t('reports.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput type="date" label={t('reports.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} />
      </Group>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!unit) return;
          record.mutate({ unitId: unit, type: form.type, occurredOn: form.occurredOn, title: form.title, quantity: form.quantity, estimatedAudience: form.estimatedAudience, ...(form.note ? { note: form.note } : {}) });
        }}
      >
        <Stack gap="xs">
          <Title order={2}>{t('activities.record')}</Title>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group grow align="flex-start">
            <Select label={t('activities.type')} allowDeselect={false} data={TYPES.map((x) => ({ value: x, label: t(`activities.types.${x}`) }))} value={form.type} onChange={(v) => v && setForm({ ...form, type: v as ActivityInput['type'] })} error={errorFor(record.error, '/type')} />
            <TextInput type="date" label={t('activities.occurredOn')} value={form.occurredOn} onChange={(e) => setForm({ ...form, occurredOn: e.currentTarget.value })} error={errorFor(record.error, '/occurredOn')} />
            <TextInput label={t('activities.name')} required value={form.title} onChange={(e) => setForm({ ...form, title: e.currentTarget.value })} error={errorFor(record.error, '/title')} />
          </Group>
          <Group grow align="flex-start">
            <NumberInput label={t('activities.quantity')} min={1} value={form.quantity} onChange={(v) => setForm({ ...form, quantity: Number(v) || 1 })} error={errorFor(record.error, '/quantity')} />
            <NumberInput label={t('activities.audience')} min={0} value={form.estimatedAudience ?? ''} onChange={(v) => setForm({ ...form, estimatedAudience: v === '' ? null : Number(v) })} error={errorFor(record.error, '/estimatedAudience')} />
            <TextInput label={t('activities.note')} value={form.note} onChange={(e) => setForm({ ...form, note: e.currentTarget.value })} />
          </Group>
          <Group>
            <Button type="submit" loading={record.isPending}>
              {t('activities.save')}
            </Button>
            {record.isSuccess && <Text size="sm">{t('activities.saved')}</Text>}
          </Group>
        </Stack>
      </form>
      <Table striped withTableBorder captionSide="top">
        <Table.Caption>{t('activities.list')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {['occurredOn', 'type', 'name', 'quantity', 'audience', 'clicks'].map((h) => (
              <Table.Th key={h}>{t(`activities.${h}`)}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list.data ?? []).map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>{a.occurredOn.split('-').reverse().join('/')}</Table.Td>
              <Table.Td>{a.typeLabel}</Table.Td>
              <Table.Td>{a.title}</Table.Td>
              <Table.Td>{fmt(a.quantity)}</Table.Td>
              <Table.Td>{fmt(a.estimatedAudience)}</Table.Td>
              <Table.Td>{fmt(a.clicks)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
