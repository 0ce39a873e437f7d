import { Alert, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../../lib/contrast.css';
import { ApiError } from '../../lib/api-client.ts';
import { type QuestionStatus, useQuestions } from './api.ts';
import { QuestionCard } from './QuestionCard.tsx';

const FILTERS = ['new', 'answering', 'closed'] as const;

/** /app/hoi-dap: citizens' questions of the units the user moderates (Hỏi – đáp on the public site). */
export default function QuestionsPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<QuestionStatus>('new');
  const questions = useQuestions(status);
  const problem = questions.error instanceof ApiError ? questions.error.problem : null;
  return (
    <Stack className="loa-contrast">
      <Title order={1}>{t('questions.title')}</Title>
      <Text>{t('questions.intro')}</Text>
      <SegmentedControl aria-label={t('questions.filter')} value={status} onChange={(v) => setStatus(v as QuestionStatus)} data={FILTERS.map((s) => ({ value: s, label: t(`questions.status.${s}`) }))} />
      {problem && (
        <Alert color="red" role="alert">
          {problem.detail}
        </Alert>
      )}
      {questions.data?.length === 0 && <Text>{t('questions.empty')}</Text>}
      {questions.data?.map((q) => <QuestionCard key={q.id} q={q} />)}
    </Stack>
  );
}
