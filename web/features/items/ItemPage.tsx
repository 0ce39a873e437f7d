import { Alert, Button, Card, Center, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { RevisionStateBadge } from '../../components/StateBadge.tsx';
import { api, ApiError, unwrap } from '../../lib/api-client.ts';
import { channelLabel } from '../../lib/channel-label.ts';
import { abilityReason, itemKey, useItem, readableDimmed } from '../../lib/content.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { formatDateTime } from '../../lib/time.ts';
import { RevisionContent } from './RevisionContent.tsx';
import { RevisionsTable } from './RevisionsTable.tsx';

/** /app/bai-viet/:id[?phien-ban=n]: what the item says (the latest revision, or an older one), its revisions and decisions, its channels, and what I may do next. */
export default function ItemPage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { id } = useParams();
  const [search] = useSearchParams();
  const item = useItem(id);
  const queryClient = useQueryClient();
  const submit = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/content/{id}/submit', { params: { path: { id: id! } } })),
    onSuccess: (d) => queryClient.setQueryData(itemKey(id!), d),
  });
  if (item.error) return <Alert color="red">{item.error instanceof ApiError ? item.error.problem.detail : t('common.networkError')}</Alert>;
  if (!item.data) {
    return (
      <Center p="xl">
        <Loader role="status" aria-label={t('common.loading')} />
      </Center>
    );
  }
  const { item: summary, revisions, approvals, targets, can } = item.data;
  const latest = revisions.at(-1)!;
  // An unknown number in the address shows the latest revision rather than nothing.
  const shown = revisions.find((r) => String(r.number) === search.get('phien-ban')) ?? latest;
  const reason = (a: typeof can.edit) => abilityReason(a, language);
  // Someone who may not write for this unit at all (an approver, a manager) is offered no edit or submit, and no notice saying so.
  const writes = can.edit.code !== 'CONTENT_WRITE_FORBIDDEN';

  return (
    <Stack style={readableDimmed}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1}>{shown.title}</Title>
          <Group gap="xs">
            <RevisionStateBadge state={summary.state} />
            <Text size="sm" c="dimmed">
              {summary.unitName}
            </Text>
          </Group>
        </Stack>
        <Group>
          {/* A real disabled button when editing is refused (a disabled link is still a link to assistive tech). */}
          {writes &&
            (can.edit.allowed ? (
              <Button component={Link} to={`/bai-viet/${summary.id}/sua`} variant="default">
                {latest.state === 'draft' ? t('items.edit') : t('items.editNewRevision')}
              </Button>
            ) : (
              <Button variant="default" disabled>
                {latest.state === 'draft' ? t('items.edit') : t('items.editNewRevision')}
              </Button>
            ))}
          {writes && latest.state === 'draft' && (
            <Button onClick={() => submit.mutate()} disabled={!can.submit.allowed} loading={submit.isPending}>
              {t('composer.submit')}
            </Button>
          )}
          {latest.state === 'in_review' && (
            <Button component={Link} to={`/duyet/${summary.id}`}>
              {t('items.review')}
            </Button>
          )}
        </Group>
      </Group>
      {(writes ? [reason(can.edit), latest.state === 'draft' ? reason(can.submit) : null] : []).filter(Boolean).map((r) => (
        <Alert key={r} color="yellow">
          {r}
        </Alert>
      ))}
      {submit.error && <Alert color="red">{submit.error instanceof ApiError ? submit.error.problem.detail : t('common.networkError')}</Alert>}
      <RevisionContent
        itemId={summary.id}
        revision={shown}
        latestNumber={latest.number}
        approvedNumber={summary.approvedRevision}
        decision={approvals.filter((a) => a.revision === shown.number).at(-1)}
      />
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('items.targets')}
        </Title>
        <List>
          {targets.map((tg) => (
            <List.Item key={tg.channelId}>
              {channelLabel(tg.channelName, t(`platforms.${tg.platform}`))} {tg.publishAt ? `· ${formatDateTime(tg.publishAt)}` : ''}
            </List.Item>
          ))}
        </List>
        {latest.publishAt && <Text size="sm">{t('items.publishAt', { time: formatDateTime(latest.publishAt) })}</Text>}
      </Card>
      {/* Kits carry the approved text: only an item with an approved revision has them. */}
      {revisions.some((r) => r.state === 'approved') && (
        <Button component={Link} to={`/bai-viet/${summary.id}/chia-se`} variant="light" w="fit-content">
          {t('items.shareKits')}
        </Button>
      )}
      <Title order={2} size="h4">
        {t('items.revisions')}
      </Title>
      <RevisionsTable detail={item.data} shown={shown.number} />
    </Stack>
  );
}
