import type { Locale } from '@vigil/domain';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LOCALE_STORAGE_KEY, pickLocale } from './pick-locale';
import { RESOURCES } from './resources';

function readStoredLocale(): string | null {
  try {
    return window.localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    // Storage may be disabled (private mode, policy): the browser preference then decides.
    return null;
  }
}

/** Follows the interface language in `<html lang>` and in localStorage. */
function applyLocale(locale: string): void {
  document.documentElement.lang = locale;
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Not saving the choice is acceptable: it is also kept in the profile once logged in.
  }
}

/** Starts i18next with the English and French texts, in the language of this browser. */
export async function initI18n(): Promise<void> {
  const locale = pickLocale(readStoredLocale(), navigator.languages);
  i18next.on('languageChanged', applyLocale);
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: RESOURCES.en }, fr: { translation: RESOURCES.fr } },
    lng: locale,
    fallbackLng: 'en',
    supportedLngs: ['en', 'fr'],
    // React escapes what it renders.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyLocale(locale);
}

/** The current interface language. */
export function currentLocale(): Locale {
  return i18next.language === 'fr' ? 'fr' : 'en';
}

/** Switches the interface language. */
export async function changeLocale(locale: Locale): Promise<void> {
  await i18next.changeLanguage(locale);
}
