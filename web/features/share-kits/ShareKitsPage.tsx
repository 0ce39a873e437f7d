import { Alert, Anchor, Button, Card, Code, CopyButton, Group, MultiSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { DateTimeField } from '../../components/DateTimeField.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { errorFor } from '../../lib/problems.ts';
import { useItem } from '../../lib/content.ts';
import { useSingleFlight } from '../../lib/single-flight.ts';
import { formatDateTime } from '../../lib/time.ts';
import { type Kit, useCreateKits, useIssueLink, useItemKits, useRecipients, useRevokeLink } from './api.ts';

/** /app/bai-viet/:id/chia-se: the item's share kits (linked from the item page). */
export default function ShareKitsPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const item = useItem(id);
  const title = item.data?.revisions.at(-1)?.title;
  return (
    <Stack>
      <Title order={1}>{title ? t('shareKits.pageTitle', { title }) : t('shareKits.title')}</Title>
      <Anchor component={Link} to={`/bai-viet/${id}`} w="fit-content">
        {t('shareKits.backToItem')}
      </Anchor>
      <ProblemAlert error={item.error} />
      {id && <ShareKitsCard itemId={id} />}
    </Stack>
  );
}

/**
 * An approved item's share kits, one per recipient outside Loa (KOLs, large groups, "người có
 * uy tín"): send it to more recipients with an optional deadline, see each kit's state and
 * what the recipient confirmed, hand out (copy) or revoke their personal secret link, and
 * download the QR code of their tracked link.
 */
function ShareKitsCard({ itemId }: { itemId: string }) {
  const { t } = useTranslation();
  const kits = useItemKits(itemId);
  const issue = useIssueLink(itemId);
  const revoke = useRevokeLink(itemId);
  const [issued, setIssued] = useState<{ recipient: string; url: string; expiresAt: string } | null>(null);

  const onIssue = (kit: Kit) =>
    issue.mutate(kit.deliveryId, { onSuccess: (link) => setIssued({ recipient: kit.recipient, url: link.url, expiresAt: link.expiresAt }) });

  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('shareKits.title')}
        </Title>
        <Text size="sm">{t('shareKits.help')}</Text>
        <NewKitsForm itemId={itemId} existing={new Set((kits.data ?? []).map((k) => k.channelId))} />
        {issued && (
          <Alert color="green" role="status" title={t('shareKits.issuedFor', { name: issued.recipient })} withCloseButton closeButtonLabel={t('common.close')} onClose={() => setIssued(null)}>
            <Stack gap="xs">
              <Code block>{issued.url}</Code>
              <Text size="sm">{t('shareKits.issuedOnce', { at: formatDateTime(issued.expiresAt) })}</Text>
              <CopyButton value={issued.url}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" onClick={copy} w="fit-content">
                    {copied ? t('common.copied') : t('shareKits.copyLink')}
                  </Button>
                )}
              </CopyButton>
            </Stack>
          </Alert>
        )}
        <ProblemAlert error={kits.error ?? issue.error ?? revoke.error} />
        {kits.data && kits.data.length === 0 && <Text c="dimmed">{t('shareKits.none')}</Text>}
        {kits.data && kits.data.length > 0 && (
          <Table.ScrollContainer minWidth={760}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('shareKits.col.recipient')}</Table.Th>
                  <Table.Th>{t('shareKits.col.state')}</Table.Th>
                  <Table.Th>{t('shareKits.col.link')}</Table.Th>
                  <Table.Th>{t('shareKits.col.shared')}</Table.Th>
                  <Table.Th>{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {kits.data.map((kit) => (
                  <Table.Tr key={kit.deliveryId}>
                    <Table.Td>
                      <Text fw={600}>{kit.recipient}</Text>
                      {kit.audience !== null && <Text size="sm">{t('shareKits.audience', { n: kit.audience.toLocaleString('vi-VN') })}</Text>}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {t(`shareKits.states.${kit.state}`, { defaultValue: kit.state })}
                      </Text>
                      {kit.late && <Text size="sm">{t('shareKits.late')}</Text>}
                      {kit.deadlineAt && <Text size="sm">{t('shareKits.deadline', { at: formatDateTime(kit.deadlineAt) })}</Text>}
                    </Table.Td>
                    <Table.Td>
                      {kit.trackedUrl && <Text size="sm">{kit.trackedUrl}</Text>}
                      <Text size="sm">{kit.secretLink ? t('shareKits.linkLive', { at: formatDateTime(kit.secretLink.expiresAt) }) : t('shareKits.noLink')}</Text>
                    </Table.Td>
                    <Table.Td>
                      {kit.confirmation ? (
                        <Stack gap={2}>
                          <Text size="sm">{t('shareKits.confirmedAt', { at: formatDateTime(kit.confirmation.confirmedAt) })}</Text>
                          {kit.confirmation.permalink && (
                            <Anchor size="sm" href={kit.confirmation.permalink} target="_blank" rel="noopener noreferrer">
                              {t('shareKits.sharedPost')}
                            </Anchor>
                          )}
                          {kit.confirmation.reach !== null && <Text size="sm">{t('shareKits.reach', { n: kit.confirmation.reach.toLocaleString('vi-VN') })}</Text>}
                        </Stack>
                      ) : (
                        <Text size="sm" c="dimmed">
                          {t('shareKits.notConfirmed')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <KitActions kit={kit} onIssue={() => onIssue(kit)} issuing={issue.isPending && issue.variables === kit.deliveryId} onRevoke={() => revoke.mutate(kit.deliveryId)} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}

const OPEN_STATES = ['awaiting_officer', 'missed', 'published'];

function KitActions({ kit, onIssue, issuing, onRevoke }: { kit: Kit; onIssue: () => void; issuing: boolean; onRevoke: () => void }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs">
      {OPEN_STATES.includes(kit.state) && (
        <Button size="xs" variant="light" loading={issuing} onClick={onIssue} aria-label={t(kit.secretLink ? 'shareKits.reissueFor' : 'shareKits.issueFor', { name: kit.recipient })}>
          {kit.secretLink ? t('shareKits.reissue') : t('shareKits.issue')}
        </Button>
      )}
      {kit.secretLink && (
        <ConfirmButton label={t('shareKits.revoke')} confirmTitle={t('shareKits.revokeConfirm', { name: kit.recipient })} confirmBody={t('shareKits.revokeBody')} onConfirm={onRevoke} />
      )}
      {kit.linkId && (
        <Button
          size="xs"
          variant="default"
          component="a"
          href={`/api/v1/links/${kit.linkId}/qr.png?scale=10`}
          download={`qr-${kit.recipient}.png`}
          aria-label={t('shareKits.qrFor', { name: kit.recipient })}
        >
          {t('shareKits.qr')}
        </Button>
      )}
    </Group>
  );
}

function NewKitsForm({ itemId, existing }: { itemId: string; existing: ReadonlySet<string> }) {
  const { t } = useTranslation();
  const recipients = useRecipients();
  const create = useCreateKits(itemId);
  const send = useSingleFlight(create);
  const [channelIds, setChannelIds] = useState<string[]>([]);
  const [deadline, setDeadline] = useState('');
  const options = (recipients.data ?? []).filter((c) => !existing.has(c.id)).map((c) => ({ value: c.id, label: c.name }));
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        // noValidate spares the browser's own bubbles; a deadline typed wrong still stops the form (its field says why).
        if (!e.currentTarget.checkValidity()) return;
        send({ channelIds, deadlineAt: vietnamTime(deadline) }, () => (setChannelIds([]), setDeadline('')));
      }}
    >
      <Stack gap="xs">
        <Group align="flex-start" grow>
          <MultiSelect
            label={t('shareKits.recipients')}
            description={t('shareKits.recipientsHelp')}
            data={options}
            value={channelIds}
            onChange={setChannelIds}
            searchable
            nothingFoundMessage={t('shareKits.noRecipients')}
            error={errorFor(create.error, '/channelIds')}
          />
          <DateTimeField
            label={t('shareKits.deadlineField')}
            description={t('shareKits.deadlineHelp')}
            value={deadline}
            onChange={setDeadline}
            error={errorFor(create.error, '/deadlineAt')}
          />
        </Group>
        <Button type="submit" w="fit-content" disabled={channelIds.length === 0} loading={create.isPending}>
          {t('shareKits.create')}
        </Button>
        {create.isSuccess && (
          <Text size="sm" role="status">
            {t('shareKits.created', { n: create.data.created })}
          </Text>
        )}
        <ProblemAlert error={create.error} fieldsShownInline={['/channelIds', '/deadlineAt']} />
      </Stack>
    </form>
  );
}

/** The field's "2026-12-08T17:00" read as Vietnam time (UTC+7 all year), whatever the browser's zone; null when empty. */
function vietnamTime(local: string): string | null {
  return local ? new Date(`${local}:00+07:00`).toISOString() : null;
}
