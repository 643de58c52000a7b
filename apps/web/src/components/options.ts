import { useTranslation } from 'react-i18next';
import type { SelectOption } from './fields';

/** Select options for the values of a domain enum, labelled by `<prefix>.<value>` translations. */
export function useEnumOptions(values: readonly string[], prefix: string): readonly SelectOption[] {
  const { t } = useTranslation();
  return values.map((value) => ({ value, label: t(`${prefix}.${value}`) }));
}
