import { Alert, Button, Card, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import '../../lib/contrast.css';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ApiError } from '../../lib/api-client.ts';
import { errorFor } from '../../lib/problems.ts';
import { useItemSearch, useLinks } from '../../lib/content.ts';
import { useSingleFlight } from '../../lib/single-flight.ts';
import { useCreateLink } from './api.ts';
import { LinkRow } from './LinkRow.tsx';

/** /app/lien-ket: tracked links and QR codes of an item, for posters and leaflets. */
export default function LinksPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const itemId = params.get('item');
  const [q, setQ] = useState('');
  const items = useItemSearch(q);
  const links = useLinks(itemId);
  const create = useCreateLink();
  const send = useSingleFlight(create);
  const [label, setLabel] = useState('');
  const [targetUrl, setTargetUrl] = useState('');
  const problem = create.error instanceof ApiError ? create.error.problem : null;
  // The field's own words ("Không được để trống"), not the detail that names it by a JSON pointer.
  const errorAt = (field: string) => errorFor(create.error, field);

  return (
    <Stack className="loa-contrast">
      <Title order={1}>{t('links.title')}</Title>
      <Select
        label={t('links.item')}
        placeholder={t('links.pickItem')}
        description={itemId ? undefined : t('links.pickItemHint')}
        searchable
        onSearchChange={setQ}
        data={(items.data ?? []).map((i) => ({ value: i.id, label: i.title }))}
        value={itemId}
        onChange={(id) => setParams(id ? { item: id } : {}, { replace: true })}
      />
      {/* An address naming an item that is gone or not the reader's: the server's reason, not a form that cannot work. */}
      <ProblemAlert error={links.error} />
      {itemId && !links.error && (
        <Card withBorder component="section" aria-labelledby="new-link">
          <Title order={2} size="h4" id="new-link" mb="sm">
            {t('links.newTitle')}
          </Title>
          {/* Side by side on a desk, one above the other on a commune officer's phone. */}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('links.label')} description={t('links.labelHint')} value={label} onChange={(e) => setLabel(e.currentTarget.value)} error={errorAt('/label')} required />
            <TextInput label={t('links.target')} description={t('links.targetHint')} value={targetUrl} onChange={(e) => setTargetUrl(e.currentTarget.value)} error={errorAt('/targetUrl')} />
          </SimpleGrid>
          {problem && !['/label', '/targetUrl'].includes(problem.field ?? '') && (
            <Alert color="red" role="alert" mt="sm">
              {problem.detail}
            </Alert>
          )}
          <Button mt="sm" loading={create.isPending} onClick={() => send({ itemId, label, ...(targetUrl ? { targetUrl } : {}) }, () => setLabel(''))}>
            {t('links.create')}
          </Button>
        </Card>
      )}
      {links.data?.length === 0 && <Text c="dimmed">{t('links.none')}</Text>}
      {/* The short address and the QR downloads are wider than a phone: the table scrolls on its own. */}
      {links.data && links.data.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label={t('links.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('links.label')}</Table.Th>
                <Table.Th>{t('links.shortUrl')}</Table.Th>
                <Table.Th>{t('links.qr')}</Table.Th>
                <Table.Th>{t('links.clicksHeader')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {links.data.map((l) => (
                <LinkRow key={l.id} link={l} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
