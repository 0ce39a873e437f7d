import { DateInput } from '@mantine/dates';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parseTypedDateTime } from '../lib/time.ts';
import { dateInputSettings } from './date-input-settings.ts';
import { useTypedDateCheck } from './use-typed-date-check.ts';

interface Props {
  label: string;
  /** Vietnam wall-clock time as yyyy-mm-ddTHH:mm, or '' when empty (what a datetime-local input gave). */
  value: string;
  onChange: (value: string) => void;
  error?: ReactNode;
  description?: ReactNode;
  required?: boolean;
}

/**
 * A day and a 24-hour time shown and typed as dd/mm/yyyy HH:mm, with a Vietnamese calendar
 * for the day. A day picked in the calendar keeps the time already there (Mantine hands a
 * picked day over without one). A day or time that does not exist stays as typed, marked invalid.
 */
export function DateTimeField({ value, onChange, required, error, ...field }: Props) {
  const { t, i18n } = useTranslation();
  const check = useTypedDateCheck({ value, parse: parseTypedDateTime, required, message: t('dateField.timeInvalid'), error });
  const time = value.slice(11, 16) || '00:00';
  return (
    <DateInput
      {...field}
      {...dateInputSettings(t, i18n.language)}
      {...check}
      withTime
      required={required}
      clearable={!required}
      value={value ? `${value.replace('T', ' ')}:00` : null}
      onChange={(next) => onChange(!next ? '' : next.length === 10 ? `${next}T${time}` : next.slice(0, 16).replace(' ', 'T'))}
      valueFormat="DD/MM/YYYY HH:mm"
      dateParser={parseTypedDateTime}
      placeholder={t('dateField.timePlaceholder')}
    />
  );
}
