import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api-client.ts';

/**
 * A failed request's message as the server wrote it (in the reader's language). The fields
 * in `fieldsShownInline` show their own errors next to them (fieldError); the alert shows
 * what is left: nothing when every error has its field on the form, otherwise the server's
 * message, and each further refused field that the form does not show.
 */
export function ProblemAlert({ error, title, fieldsShownInline = [] }: { error: unknown; title?: string; fieldsShownInline?: string[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  let message: string | null = t('common.networkError');
  let more: string[] = [];
  if (error instanceof ApiError) {
    const { problem } = error;
    const refused = problem.errors?.length ? problem.errors : problem.field ? [{ field: problem.field, message: problem.detail }] : [];
    const notInline = refused.filter((e) => !fieldsShownInline.includes(e.field));
    if (refused.length > 0 && notInline.length === 0) return null;
    // The detail is about the first refused field: shown unless that field shows it itself.
    const first = refused[0];
    message = !first || notInline[0] === first ? problem.detail : null;
    more = notInline.filter((e) => e !== first).map((e) => `${e.field}: ${e.message}`);
  }
  return (
    <Alert color="red" role="alert" title={title ?? t('common.failed')}>
      {message}
      {more.map((line) => (
        <Text key={line} size="sm">
          {line}
        </Text>
      ))}
    </Alert>
  );
}
