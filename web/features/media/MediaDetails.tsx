import { Alert, Anchor, Button, Image, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { paths } from '../../api-types.ts';
import { errorFor } from '../../lib/problems.ts';
import { formatDate, formatDateTime } from '../../lib/time.ts';
import { useMediaUsage, useSetAltText } from './api.ts';

type MediaFile = paths['/api/v1/media/']['get']['responses']['200']['content']['application/json']['items'][number];

/** One file: its alt text (editable), the items that use it and the consents that cover it. */
export function MediaDetails({ file }: { file: MediaFile }) {
  const { t } = useTranslation();
  const usage = useMediaUsage(file.id);
  const save = useSetAltText(file.id);
  const [alt, setAlt] = useState(file.altText ?? '');
  return (
    <Stack gap="sm">
      {file.kind === 'image' && <Image src={file.contentUrl} alt={file.altText ?? ''} radius="sm" />}
      <Text size="sm">
        {t(`media.kinds.${file.kind}`)} · {Math.round(file.sizeBytes / 1024)} KB · {formatDateTime(file.createdAt)}
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(alt);
        }}
      >
        <Stack gap="xs">
          <TextInput label={t('media.altText')} description={t('media.altTextHelp')} value={alt} onChange={(e) => setAlt(e.currentTarget.value)} error={errorFor(save.error, '/altText') ?? (save.error ? save.error.message : undefined)} />
          <Button type="submit" size="xs" w="fit-content" loading={save.isPending}>
            {t('media.saveAlt')}
          </Button>
          {save.isSuccess && (
            <Text size="xs" c="teal.9" aria-live="polite">
              {t('media.altSaved')}
            </Text>
          )}
        </Stack>
      </form>
      <Title order={3} size="h5">
        {t('media.usedBy')}
      </Title>
      {usage.data && usage.data.items.length === 0 && <Text size="sm" c="dimmed">{t('media.unused')}</Text>}
      <List size="sm">
        {usage.data?.items.map((i) => (
          <List.Item key={i.itemId}>
            <Anchor underline="always" component={Link} to={`/bai-viet/${i.itemId}`}>
              {i.title}
            </Anchor>{' '}
            ({i.revisions.map((r) => t('media.revisionState', { n: r.number, state: t(`revisionStates.${r.state}`) })).join(', ')})
          </List.Item>
        ))}
      </List>
      <Title order={3} size="h5">
        {t('media.coveredBy')}
      </Title>
      {usage.data && usage.data.coveredBy.length === 0 && usage.data.documentOf.length === 0 && <Text size="sm" c="dimmed">{t('media.noConsent')}</Text>}
      <List size="sm">
        {usage.data?.coveredBy.map((c) => (
          <List.Item key={c.id}>
            <Anchor underline="always" component={Link} to={`/dong-y?id=${c.id}`}>
              {c.personName}
            </Anchor>{' '}
            {c.withdrawnAt ? t('consents.withdrawnOn', { date: formatDate(c.withdrawnAt) }) : c.expiresAt ? t('consents.until', { date: formatDate(c.expiresAt) }) : ''}
          </List.Item>
        ))}
        {usage.data?.documentOf.map((c) => (
          <List.Item key={`doc-${c.id}`}>{t('media.signedFormOf', { name: c.personName })}</List.Item>
        ))}
      </List>
      {usage.error && <Alert color="red">{usage.error.message}</Alert>}
    </Stack>
  );
}
