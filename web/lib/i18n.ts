import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../i18n/en.json';
import vi from '../i18n/vi.json';

/**
 * Every visible string comes from i18n/vi.json (first) and i18n/en.json; a test
 * (test/web/i18n.test.ts) fails when a key is missing in either or a `t('…')` key used in
 * web/ has no entry. The language follows the signed-in user's profile `locale`.
 */
export type Language = 'vi' | 'en';
export const languages: readonly Language[] = ['vi', 'en'];

void i18next.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: 'vi',
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function currentLanguage(): Language {
  return i18next.language === 'en' ? 'en' : 'vi';
}

export function useLanguage(locale: string | undefined): void {
  const wanted: Language = locale === 'en' ? 'en' : 'vi';
  if (i18next.language !== wanted) void i18next.changeLanguage(wanted);
  document.documentElement.lang = wanted;
}

export { i18next };
