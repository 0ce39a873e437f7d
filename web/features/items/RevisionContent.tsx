import { Alert, Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RevisionMedia } from '../../components/RevisionMedia.tsx';
import { RevisionStateBadge } from '../../components/StateBadge.tsx';
import type { ItemDetail, Revision } from '../../lib/content.ts';
import { useRevisionFiles } from '../../lib/revision-media.ts';
import { formatDateTime } from '../../lib/time.ts';

type Decision = ItemDetail['approvals'][number];

interface Props {
  itemId: string;
  revision: Revision;
  latestNumber: number;
  approvedNumber: number | null;
  /** The last approval or rejection of this revision, if it was decided. */
  decision: Decision | undefined;
}

/**
 * What one revision says, as the composer's preview and the review page show the text (plain text,
 * line breaks kept), with its photos and videos; and where the revision stands (who decided it, when).
 */
export function RevisionContent({ itemId, revision: r, latestNumber, approvedNumber, decision }: Props) {
  const { t } = useTranslation();
  const files = useRevisionFiles(r.mediaIds);
  const standing = decision
    ? t(decision.decision === 'approved' ? 'items.approvedBy' : 'items.rejectedBy', { name: decision.decidedByName, time: formatDateTime(decision.decidedAt) })
    : r.submittedAt
      ? t('items.submittedAt', { time: formatDateTime(r.submittedAt) })
      : t('items.createdAt', { time: formatDateTime(r.createdAt) });

  return (
    <Card withBorder component="section" aria-labelledby="revision-heading">
      <Stack gap="sm">
        <Group gap="xs">
          <Title order={2} size="h4" id="revision-heading">
            {t('items.revisionOf', { n: r.number })}
          </Title>
          <RevisionStateBadge state={r.state} />
          <Text size="sm" c="dimmed">
            {standing}
          </Text>
        </Group>
        {r.number !== latestNumber && (
          <Alert color="blue" p="xs">
            {t('items.olderRevision')}{' '}
            <Anchor component={Link} to={`/bai-viet/${itemId}`} underline="always">
              {t('items.showLatest', { n: latestNumber })}
            </Anchor>
          </Alert>
        )}
        {/* The review page holds the one diff between the revision in review and the approved one. */}
        {r.state === 'in_review' && approvedNumber !== null && (
          <Anchor component={Link} to={`/duyet/${itemId}`} underline="always" size="sm">
            {t('items.compareWithApproved', { n: approvedNumber })}
          </Anchor>
        )}
        {r.summary && <Text fw={500}>{r.summary}</Text>}
        <Text style={{ whiteSpace: 'pre-wrap', lineHeight: 1.6 }}>{r.body}</Text>
        <Group gap="xs">
          <Text size="sm">{t('items.theme', { theme: t(`themes.${r.theme}`) })}</Text>
          {r.hashtags.map((h) => (
            <Badge key={h} variant="light" color="gray" tt="none">
              #{h}
            </Badge>
          ))}
        </Group>
        <RevisionMedia files={r.mediaIds.map((id) => files.data?.[id] ?? null)} title={t('items.mediaTitle')} />
      </Stack>
    </Card>
  );
}
