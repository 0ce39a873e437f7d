import '@mantine/dates/styles.css';
import 'dayjs/locale/vi';
import type { TFunction } from 'i18next';

/**
 * What every date field shares: Vietnamese month and day names (English for a user who chose it),
 * weeks starting on Monday, and the calendar's arrow buttons named for a screen reader (the month button reads its own text). The dates styles and
 * dayjs's 'vi' locale are imported here, so they load with the pages that have a date field,
 * never with sign-in or home.
 */
export function dateInputSettings(t: TFunction, language: string) {
  return {
    locale: language === 'en' ? 'en' : 'vi',
    firstDayOfWeek: 1 as const,
    clearButtonProps: { 'aria-label': t('dateField.clear') },
    ariaLabels: {
      previousMonth: t('dateField.previousMonth'),
      nextMonth: t('dateField.nextMonth'),
      previousYear: t('dateField.previousYear'),
      nextYear: t('dateField.nextYear'),
      previousDecade: t('dateField.previousDecade'),
      nextDecade: t('dateField.nextDecade'),
    },
  };
}
