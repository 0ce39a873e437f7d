import { Alert, Anchor, Button, Center, Group, Loader, Stack, Text, Textarea, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { RevisionMedia } from '../../components/RevisionMedia.tsx';
import { abilityReason, useItem, useRevision, type Revision, type Target, readableDimmed } from '../../lib/content.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { useFocusRefusal } from '../../lib/focus-refusal.ts';
import { errorFor, generalError } from '../../lib/problems.ts';
import { useRevisionFiles } from '../../lib/revision-media.ts';
import { useSingleFlight } from '../../lib/single-flight.ts';
import { formatDateTime } from '../../lib/time.ts';
import { useConsentNames, useDecide } from './api.ts';
import { diffRevisions, type RevisionSide } from './diff.ts';
import { CorrectionsNotice } from './CorrectionsNotice.tsx';
import { DiffView } from './DiffView.tsx';

const side = (r: Revision, targets: readonly Target[]): RevisionSide => ({
  ...r,
  targets: targets.map((t) => ({ channelId: t.channelId, channelName: t.channelName, publishAt: t.publishAt })),
});

/** /app/duyet/:id: the revision in review against the last approved one; approve or reject with a comment. */
export default function ReviewPage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { id } = useParams();
  const navigate = useNavigate();
  const item = useItem(id);
  const approvedNumber = item.data?.item.approvedRevision ?? null;
  const approved = useRevision(id, approvedNumber);
  const decide = useDecide(id!);
  // A double-click on Duyệt sent the decision twice: the second was refused in red over an approval that went through.
  const sendDecision = useSingleFlight(decide);
  const [comment, setComment] = useState('');
  // A reject without a comment is refused beside the box; the focus stayed on the button, so nothing seemed to happen.
  const decisionRef = useRef<HTMLDivElement>(null);
  useFocusRefusal(decide.error, decisionRef);
  const latest = item.data?.revisions.at(-1);
  const before = approvedNumber && approved.data ? side(approved.data.revision, approved.data.targets) : null;
  const ids = [...new Set([...(latest?.mediaIds ?? []), ...(before?.mediaIds ?? [])])];
  const consentIds = [...new Set([...(latest?.consentIds ?? []), ...(before?.consentIds ?? [])])];
  const mediaFiles = useRevisionFiles(ids);
  const consentNames = useConsentNames(consentIds);

  // The diff names files and people, not ids: wait for those names too.
  const namesPending = (ids.length > 0 && !mediaFiles.data) || (consentIds.length > 0 && !consentNames.data);
  if (!item.data || !latest || (approvedNumber && !approved.data) || namesPending) {
    return (
      <Center p="xl">
        <Loader role="status" aria-label={t('common.loading')} />
      </Center>
    );
  }
  const { can } = item.data;
  const changes = diffRevisions(before, side(latest, item.data.targets));
  const files = mediaFiles.data ?? {};
  const mediaNames = Object.fromEntries(Object.entries(files).map(([id, f]) => [id, f?.name ?? id]));
  const run = (decision: 'approve' | 'reject') => sendDecision({ decision, comment, revision: latest.number }, () => navigate('/duyet'));
  const approveReason = abilityReason(can.approve, language);
  // When it goes out, said whatever changed: the diff names a time only when it is new or moved.
  const when = [...new Set(item.data.targets.map((target) => target.publishAt ?? latest.publishAt))];
  const times = when.filter((at): at is string => at !== null).sort();
  const rejectReason = abilityReason(can.reject, language);

  return (
    <Stack style={readableDimmed}>
      <Title order={1}>{latest.title}</Title>
      <Text size="sm" c="dimmed">
        {t('approvals.reviewing', { n: latest.number, unit: item.data.item.unitName, time: formatDateTime(latest.submittedAt) })}{' '}
        <Anchor component={Link} to={`/bai-viet/${item.data.item.id}`} underline="always">
          {t('approvals.openItem')}
        </Anchor>
      </Text>
      <Title order={2} size="h3">
        {approvedNumber ? t('approvals.diffAgainst', { n: approvedNumber }) : t('approvals.firstApproval')}
      </Title>
      <DiffView changes={changes} names={{ ...mediaNames, ...consentNames.data }} />
      <Text>
        {times.length === 0
          ? t('approvals.publishesNow')
          : t('approvals.publishesAt', { time: formatDateTime(times[0]!), more: when.length > 1 ? t('approvals.publishesLater') : '' })}
      </Text>
      <RevisionMedia files={latest.mediaIds.map((mid) => files[mid] ?? null)} title={t('approvals.mediaTitle')} />
      <CorrectionsNotice itemId={item.data.item.id} revision={latest.number} />
      <Stack ref={decisionRef}>
        {generalError(decide.error, ['/comment'], t('common.networkError')) && (
          <Alert color="red" role="alert">
            {generalError(decide.error, ['/comment'], t('common.networkError'))}
          </Alert>
        )}
        <Textarea label={t('approvals.comment')} autosize minRows={2} value={comment} onChange={(e) => setComment(e.currentTarget.value)} error={errorFor(decide.error, '/comment')} />
        <Group>
          <Button onClick={() => run('approve')} disabled={!can.approve.allowed} loading={decide.isPending} aria-describedby={approveReason ? 'approve-reason' : undefined}>
            {t('approvals.approve')}
          </Button>
          <Button color="red" variant="light" onClick={() => run('reject')} disabled={!can.reject.allowed} loading={decide.isPending}>
            {t('approvals.reject')}
          </Button>
        </Group>
      </Stack>
      {approveReason && (
        <Alert color="yellow" id="approve-reason">
          {approveReason}
        </Alert>
      )}
      {!approveReason && rejectReason && <Alert color="yellow">{rejectReason}</Alert>}
    </Stack>
  );
}
