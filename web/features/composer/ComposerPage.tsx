import { Alert, Anchor, Button, Center, Grid, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ApiError } from '../../lib/api-client.ts';
import { useItem, useUnits, readableDimmed } from '../../lib/content.ts';
import { useFocusRefusal } from '../../lib/focus-refusal.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { generalError } from '../../lib/problems.ts';
import { formatDateTime } from '../../lib/time.ts';
import { useSingleFlight } from '../../lib/single-flight.ts';
import { useMediaFiles, usePreview, useSaveDraft, useSubmit } from './api.ts';
import { ConsentField } from './ConsentField.tsx';
import { ContentFields } from './ContentFields.tsx';
import { clearLocal, draftFromRevision, emptyDraft, loadLocal, saveLocal, type Draft } from './draft.ts';
import { fieldMessage, touchedFields } from './fields.ts';
import { MediaField } from './MediaField.tsx';
import { PreviewPanel } from './PreviewPanel.tsx';
import { TargetsField } from './TargetsField.tsx';

const formFields = ['/unitId', '/title', '/summary', '/body', '/theme', '/hashtags', '/links', '/mediaIds', '/consentIds', '/targets', '/publishAt', '/expiresAt', '/overrides'];

/** /app/bai-viet/moi and /app/bai-viet/:id/sua: write an item, see it on every channel, save, submit. */
export default function ComposerPage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { id } = useParams();
  const navigate = useNavigate();
  const units = useUnits();
  const item = useItem(id);
  const latest = item.data?.revisions.at(-1);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  // What submit would refuse shows under a field once it was changed or a save was tried: a
  // fresh form greeted the officer with "Cần có tiêu đề" in red before they typed anything.
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [tried, setTried] = useState(false);
  // The draft the last save sent, then as stored (which the submit after it refused, if it did).
  const [sent, setSent] = useState<Draft | undefined>();

  // Start from this browser's unsaved copy when it was made from the same revision; else from the server.
  useEffect(() => {
    if (draft || !units.data) return;
    if (id && !item.data) return;
    const local = loadLocal(id);
    const base = latest?.number ?? null;
    if (local && local.baseRevision === base) setDraft(local.draft);
    else if (item.data && latest) setDraft(draftFromRevision(item.data.item.unitId, latest, item.data.targets));
    else setDraft(emptyDraft(units.data[0]?.id ?? ''));
  }, [draft, units.data, id, item.data, latest]);

  const [debounced] = useDebouncedValue(draft, 400);
  const preview = usePreview(debounced ?? emptyDraft(''), id);
  const media = useMediaFiles(draft?.mediaIds ?? []);
  // A new item once its first save answered: later saves patch it. The item page's code can take a
  // while on a slow network, and until it shows, this form (and Back to it) still offered to save and
  // submit, which posted the same content again as a second item.
  const [createdId, setCreatedId] = useState<string | undefined>();
  const save = useSaveDraft(id ?? createdId);
  // A second click while the first save of a new item is on its way would make a second item.
  const send = useSingleFlight(save);
  const submit = useSubmit();
  const pageRef = useRef<HTMLDivElement>(null);
  useFocusRefusal(submit.error ?? save.error, pageRef);

  // An edit link to an item that is gone (or never was) says so instead of loading forever.
  if (id && item.error) return <ProblemAlert error={item.error} />;
  if (!draft || !units.data) {
    return (
      <Center p="xl">
        <Loader role="status" aria-label={t('common.loading')} />
      </Center>
    );
  }

  const change = (patch: Partial<Draft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    setTouched((before) => new Set([...before, ...touchedFields(Object.keys(patch))]));
    saveLocal(id, { draft: next, baseRevision: latest?.number ?? null, savedAt: new Date().toISOString() });
  };
  const error = submit.error ?? save.error;
  // A link's field is /links/0 while the change touched /links: either counts.
  const shownLive = (field: string) => tried || touched.has(field) || touched.has(`/${field.split('/')[1]}`);
  const message = (field: string) =>
    fieldMessage(field, { error, of: sent }, shownLive(field) ? preview.data : undefined, draft, language) ??
    // The preview refused the draft itself (a link that is no address): said under that field, as a save's refusal is.
    (shownLive(field) ? fieldMessage(field, { error: preview.error, of: debounced ?? undefined }, undefined, draft, language) : undefined);
  const blocking = preview.data?.problems[0];
  // A refusal naming a field is said under it ("sửa ô đang báo lỗi"); one naming none (an approver who opened the
  // composer by its address: "Bạn không có quyền soạn bài cho đơn vị này") is the server's own reason, not that hint.
  const previewFailure = preview.error
    ? (generalError(preview.error, [''], t('common.networkError')) ?? t('composer.og.previewFailed'))
    : null;
  const canEdit = item.data ? item.data.can.edit : null;

  const saveDraft = (then?: (itemId: string) => void) => {
    // A day typed that does not exist (31/02) is invalid to the browser (use-typed-date-check.ts) while the
    // draft still holds the field's previous value: saving would drop what was typed. The composer is no
    // <form>, so refuse here as a form's validation would, with the field's message, and go to it.
    const badDate = [...(pageRef.current?.querySelectorAll('input') ?? [])].find((input) => input.validity.customError);
    if (badDate) {
      badDate.checkValidity();
      badDate.focus();
      return;
    }
    setTried(true);
    setSent(draft);
    send(draft, (saved) => {
      clearLocal(id);
      if (!id) setCreatedId(saved.item.id);
      setSavedAt(new Date().toISOString());
      const newest = saved.revisions.at(-1)!;
      const stored = draftFromRevision(saved.item.unitId, newest, saved.targets);
      setDraft(stored);
      setSent(stored);
      if (then) then(saved.item.id);
      else if (!id) navigate(`/bai-viet/${saved.item.id}/sua`, { replace: true });
    });
  };
  const saveAndSubmit = () => saveDraft((itemId) => submit.mutate(itemId, { onSuccess: () => navigate(`/bai-viet/${itemId}`) }));

  return (
    <Stack ref={pageRef} style={readableDimmed}>
      <Title order={1}>{id ? t('composer.editTitle') : t('composer.newTitle')}</Title>
      {latest && latest.state !== 'draft' && canEdit?.allowed && (
        <Alert color="blue">{t('composer.newRevision', { n: latest.number, state: t(`revisionStates.${latest.state}`), next: latest.number + 1 })}</Alert>
      )}
      {canEdit && !canEdit.allowed && <Alert color="yellow">{canEdit.messages?.[language]}</Alert>}
      {/* Said before a whole article is typed that the server will refuse to save it. */}
      {preview.error instanceof ApiError && preview.error.problem.status === 403 && <Alert color="yellow">{preview.error.problem.detail}</Alert>}
      {generalError(error, formFields, t('common.networkError')) && (
        <Alert color="red" role="alert">
          {generalError(error, formFields, t('common.networkError'))}
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack>
            <ContentFields draft={draft} change={change} message={message} units={units.data} unitLocked={Boolean(id)} />
            <MediaField mediaIds={draft.mediaIds} unitId={draft.unitId} onChange={(mediaIds) => change({ mediaIds })} message={message('/mediaIds')} />
            <ConsentField consentIds={draft.consentIds} onChange={(consentIds) => change({ consentIds })} message={message('/consentIds')} required={draft.theme === 'testimony'} />
            <TargetsField draft={draft} change={change} message={message} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <PreviewPanel draft={draft} change={change} preview={preview.data} loading={preview.isFetching} failure={previewFailure} media={media.data ?? []} />
        </Grid.Col>
      </Grid>
      <Group>
        {/* Sending for approval (or sent): a draft saved now would start a revision behind the officer's back. */}
        <Button variant="default" onClick={() => saveDraft()} loading={save.isPending && !submit.isPending} disabled={canEdit?.allowed === false || submit.isPending || submit.isSuccess}>
          {t('composer.saveDraft')}
        </Button>
        {/* Submitted: the item page is on its way; nothing here to send again. */}
        <Button onClick={saveAndSubmit} loading={submit.isPending || submit.isSuccess} disabled={Boolean(blocking) || canEdit?.allowed === false}>
          {t('composer.submit')}
        </Button>
        {submit.isSuccess ? (
          // Back pressed before the item page showed leaves this form on screen: the way to the item, not a dead end.
          <Anchor component={Link} to={`/bai-viet/${submit.data.item.id}`} size="sm">
            {t('composer.openSubmitted')}
          </Anchor>
        ) : (
          <Text size="sm" c="dimmed" aria-live="polite">
            {blocking ? t('composer.submitBlocked', { reason: blocking.messages[language] }) : savedAt ? t('composer.savedAt', { time: formatDateTime(savedAt) }) : t('composer.keptLocally')}
          </Text>
        )}
      </Group>
    </Stack>
  );
}
