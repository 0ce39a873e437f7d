import { Badge, Button, Center, Drawer, Group, Loader, Modal, Select, Stack, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { readableDimmed } from '../../lib/content.ts';
import { useDrawerParam } from '../../lib/drawer-param.ts';
import { formatDate } from '../../lib/time.ts';
import { useConsents, type Status } from './api.ts';
import { ConsentDetails } from './ConsentDetails.tsx';
import { RecordConsentForm } from './RecordConsentForm.tsx';

/** /app/dong-y: consents of the people shown in content: record, see what each covers, withdraw. */
export default function ConsentsPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const [status, setStatus] = useState<Status | null>(null);
  const [recording, setRecording] = useState(false);
  const list = useConsents(q, status);
  const { openId, open, close } = useDrawerParam('id');
  const opened = list.data?.find((c) => c.id === openId);
  const statusOf = (c: { withdrawnAt: string | null; expiresAt: string | null }): Status =>
    c.withdrawnAt ? 'withdrawn' : c.expiresAt && new Date(c.expiresAt) <= new Date() ? 'expired' : 'valid';

  return (
    <Stack style={readableDimmed}>
      <Group justify="space-between">
        <Title order={1}>{t('consents.title')}</Title>
        <Button onClick={() => setRecording(true)}>{t('consents.record')}</Button>
      </Group>
      <Group align="flex-end">
        <TextInput label={t('consents.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
        <Select
          label={t('consents.status')}
          clearable
          data={(['valid', 'withdrawn', 'expired'] as const).map((s) => ({ value: s, label: t(`consents.statuses.${s}`) }))}
          value={status}
          onChange={(v) => setStatus(v as Status | null)}
        />
      </Group>
      {!list.data ? (
        <Center p="xl">
          <Loader role="status" aria-label={t('common.loading')} />
        </Center>
      ) : list.data.length === 0 ? (
        <Text c="dimmed">{t('consents.empty')}</Text>
      ) : (
        // Four columns do not fit a 360px phone: the table scrolls on its own, the page never sideways.
        <Table.ScrollContainer minWidth={520}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('consents.personName')}</Table.Th>
                <Table.Th>{t('consents.status')}</Table.Th>
                <Table.Th>{t('consents.grantedOn')}</Table.Th>
                <Table.Th>{t('consents.expiresOn')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <UnstyledButton onClick={() => open(c.id)} td="underline" c="blue.9">
                      {c.personName}
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={statusOf(c) === 'valid' ? 'blue' : 'gray'}>
                      {t(`consents.statuses.${statusOf(c)}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatDate(c.grantedAt)}</Table.Td>
                  <Table.Td>{formatDate(c.expiresAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal styles={{ content: readableDimmed }} closeButtonProps={{ 'aria-label': t('dialogs.close') }} opened={recording} onClose={() => setRecording(false)} title={t('consents.record')} size="lg">
        <RecordConsentForm onDone={(id) => (setRecording(false), open(id))} />
      </Modal>
      <Drawer styles={{ content: readableDimmed }} closeButtonProps={{ 'aria-label': t('dialogs.close') }} opened={Boolean(openId)} onClose={close} position="right" size="md" title={opened?.personName ?? t('consents.title')}>
        {openId && <ConsentDetails key={openId} id={openId} />}
      </Drawer>
    </Stack>
  );
}
