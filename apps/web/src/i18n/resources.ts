/**
 * The interface texts: the core in en.json / fr.json, and each capability's texts in
 * `features/<capability>.<locale>.json`, nested under the capability's name (so that
 * `share.collections.title` lives in features/share.en.json as `collections.title`).
 */
import en from './en.json';
import fr from './fr.json';

type Texts = Record<string, unknown>;

const featureFiles = import.meta.glob<Texts>('./features/*.json', { eager: true, import: 'default' });

function withFeatures(core: Texts, locale: 'en' | 'fr'): Texts {
  const merged: Texts = { ...core };
  for (const [file, texts] of Object.entries(featureFiles)) {
    const match = /\/([a-z-]+)\.(en|fr)\.json$/.exec(file);
    if (!match || match[2] !== locale) continue;
    const feature = match[1] ?? '';
    if (feature in core) throw new Error(`i18n: ${file} would replace the core key "${feature}"`);
    merged[feature] = texts;
  }
  return merged;
}

/** Every text of the interface, per language. */
export const RESOURCES = { en: withFeatures(en, 'en'), fr: withFeatures(fr, 'fr') } as const;
