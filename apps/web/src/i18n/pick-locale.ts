import type { Locale } from '@vigil/domain';
import { LOCALES } from '@vigil/domain';

/** Key under which the chosen language is kept in localStorage. */
export const LOCALE_STORAGE_KEY = 'vigil.locale';

/** Whether `value` is one of the interface languages. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The language to start in: the one saved in this browser, else the first of the browser's
 * preferred languages we speak (`fr-CA` → `fr`), else English.
 */
export function pickLocale(stored: string | null, preferred: readonly string[]): Locale {
  if (isLocale(stored)) return stored;
  for (const language of preferred) {
    const base = language.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}
