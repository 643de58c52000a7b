import type { Locale } from '@vigil/domain';
import { LOCALES } from '@vigil/domain';
import { useTranslation } from 'react-i18next';

/** The name of each language in itself, so a user finds theirs whatever the current one. */
const NATIVE_NAMES: Record<Locale, string> = { en: 'English', fr: 'Français' };

/** Props of the language switcher. */
export interface LanguageSwitcherProps {
  readonly onChange: (locale: Locale) => void;
}

/** Buttons to switch the interface language; the current one is pressed. */
export function LanguageSwitcher({ onChange }: LanguageSwitcherProps) {
  const { t, i18n } = useTranslation();
  return (
    <div className="language-switcher" role="group" aria-label={t('language.label')}>
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          aria-pressed={i18n.language === locale}
          onClick={() => onChange(locale)}
        >
          {NATIVE_NAMES[locale]}
        </button>
      ))}
    </div>
  );
}
