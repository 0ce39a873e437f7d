import { Alert, Badge, Button, Card, Group, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../lib/api-client.ts';
import { errorFor } from '../../lib/problems.ts';
import { useSingleFlight } from '../../lib/single-flight.ts';
import { formatDateTime } from '../../lib/time.ts';
import { type CloseReason, type Question, useCloseQuestion, useComposeAnswer } from './api.ts';

/** One citizen question: the raw text (never published), personal data flagged, answer or close. */
export function QuestionCard({ q }: { q: Question }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const compose = useComposeAnswer();
  const composeOnce = useSingleFlight(compose);
  const close = useCloseQuestion();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [question, setQuestion] = useState(q.suggestedQuestion);
  const [body, setBody] = useState('');
  const [reason, setReason] = useState<CloseReason>('dismissed');
  const problem = [compose.error, close.error].find((e) => e instanceof ApiError)?.problem ?? null;
  // The field's own words ("Không được để trống"), not the detail that names it by a JSON pointer.
  const errorAt = (field: string) => errorFor([compose.error, close.error].find((e) => e instanceof ApiError), field);
  const headingId = `q-${q.id}`;

  return (
    <Card withBorder component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h5" id={headingId}>
            {t(`themes.${q.theme}`)} · {q.unitName}
          </Title>
          <Badge color={q.status === 'new' ? 'red' : 'gray'}>{t(`questions.status.${q.status}`)}</Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {formatDateTime(q.createdAt)} · {q.askerName ?? t('questions.anonymous')} · {q.contactKind ? t(`questions.contact.${q.contactKind}`) : t('questions.contact.none')}
        </Text>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{q.body}</Text>
        {q.personalData.length > 0 && (
          <Alert color="orange" title={t('questions.personalData')}>
            {q.personalData.map((f) => `${t(`questions.pd.${f.kind}`)}: ${f.text}`).join(' · ')}
          </Alert>
        )}
        {problem && !['/title', '/question', '/body'].includes(problem.field ?? '') && (
          <Alert color="red" role="alert">
            {problem.detail}
          </Alert>
        )}
        {q.status === 'new' && !open && (
          <Group>
            <Button onClick={() => setOpen(true)}>{t('questions.answer')}</Button>
            <Select aria-label={t('questions.closeReason')} value={reason} onChange={(v) => setReason((v as CloseReason) ?? 'dismissed')} data={(['dismissed', 'spam'] as const).map((r) => ({ value: r, label: t(`questions.reason.${r}`) }))} />
            <Button variant="outline" color="gray" loading={close.isPending} onClick={() => close.mutate({ id: q.id, reason })}>
              {t('questions.close')}
            </Button>
          </Group>
        )}
        {q.answerItemId && (
          <Button variant="subtle" onClick={() => void navigate(`/bai-viet/${q.answerItemId}`)}>
            {t('questions.openAnswer')}
          </Button>
        )}
        {open && (
          <Stack component="form" onSubmit={(e) => e.preventDefault()}>
            <TextInput label={t('questions.form.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={errorAt('/title')} required />
            <Textarea label={t('questions.form.question')} description={t('questions.form.questionHint')} value={question} onChange={(e) => setQuestion(e.currentTarget.value)} error={errorAt('/question')} autosize minRows={2} required />
            <Textarea label={t('questions.form.body')} value={body} onChange={(e) => setBody(e.currentTarget.value)} error={errorAt('/body')} autosize minRows={4} required />
            <Group>
              <Button
                type="submit"
                loading={compose.isPending}
                onClick={() => composeOnce({ id: q.id, title, question, body }, (r) => void navigate(`/bai-viet/${r.itemId}/sua`))}
              >
                {t('questions.form.create')}
              </Button>
              <Button variant="subtle" onClick={() => setOpen(false)}>
                {t('questions.form.cancel')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
