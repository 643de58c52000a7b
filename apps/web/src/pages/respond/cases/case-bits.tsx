import type { Tlp } from '@vigil/domain';
import { TLP_LEVELS } from '@vigil/domain';
import type { SelectOption } from '../../../components/fields';

/** A TLP marking as text, e.g. `TLP:AMBER+STRICT`; the same in every language (FIRST TLP 2.0). */
export function tlpText(tlp: Tlp): string {
  return `TLP:${tlp.toUpperCase()}`;
}

/** The TLP levels as select options. */
export const TLP_OPTIONS: readonly SelectOption[] = TLP_LEVELS.map((value) => ({ value, label: tlpText(value) }));

/** A TLP marking shown beside a title or a note. */
export function TlpBadge({ tlp }: { readonly tlp: Tlp }) {
  return <span className="badge">{tlpText(tlp)}</span>;
}

/** Splits a list typed one per line or separated by commas. */
export function splitList(value: string): string[] {
  return value
    .split(/[\n,]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** A `datetime-local` value (browser time) as an ISO instant, or undefined when empty or invalid. */
export function localToIso(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
