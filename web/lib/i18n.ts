import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

/**
 * Every visible string comes from i18n/vi.json (first) and i18n/en.json; a test
 * (test/web/i18n.test.ts) fails when a key is missing in either or a `t('…')` key used in
 * web/ has no entry. The language follows the signed-in user's profile `locale`.
 * Vietnamese comes in slices: each module brings the keys it uses (web/build/i18n-slices.ts
 * adds them through addTexts), so a page's strings load with the page. English loads whole
 * on first use (it would weigh on every page).
 */
export type Language = 'vi' | 'en';
export const languages: readonly Language[] = ['vi', 'en'];

void i18next.use(initReactI18next).init({
  resources: { vi: { translation: {} } },
  lng: 'vi',
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Called by the generated slice modules before the module that uses the keys runs. */
export function addTexts(texts: object): void {
  i18next.addResourceBundle('vi', 'translation', texts, true, true);
}

export function currentLanguage(): Language {
  return i18next.language === 'en' ? 'en' : 'vi';
}

async function switchTo(language: Language): Promise<void> {
  if (!i18next.hasResourceBundle(language, 'translation')) {
    const catalog = (await import('../i18n/en.json')).default;
    i18next.addResourceBundle(language, 'translation', catalog);
  }
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

export function useLanguage(locale: string | undefined): void {
  const wanted: Language = locale === 'en' ? 'en' : 'vi';
  if (i18next.language !== wanted) void switchTo(wanted);
}

export { i18next };
