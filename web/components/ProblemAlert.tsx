import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api-client.ts';

/**
 * A failed request's message as the server wrote it (in the reader's language). Errors
 * that name one of `fieldsShownInline` are left to the form field that shows them.
 */
export function ProblemAlert({ error, title, fieldsShownInline = [] }: { error: unknown; title?: string; fieldsShownInline?: string[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (error instanceof ApiError && error.problem.field && fieldsShownInline.includes(error.problem.field)) return null;
  const message = error instanceof ApiError ? error.problem.detail : t('common.networkError');
  return (
    <Alert color="red" role="alert" title={title ?? t('common.failed')}>
      {message}
    </Alert>
  );
}
