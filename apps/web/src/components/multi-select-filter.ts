/** What a searchable multi-select offers: a value sent to the server, a label shown and searched. */
export interface MultiSelectOption {
  readonly value: string;
  readonly label: string;
  /** Shown after the label and searched too (e.g. an organisation's type). */
  readonly detail?: string;
}

/** Lower case without accents, so "elect" finds "Élection" and "etat" finds "État". */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/**
 * The options matching `query`: every word of the query must occur in the label or the detail
 * (ignoring case and accents, in any order: "nat pol" finds "Valdoria National Police").
 * Options whose label starts with the first word come first, then those with a word starting
 * with it, then the rest; the given order is kept within each group. An empty query matches all.
 */
export function filterOptions<T extends MultiSelectOption>(options: readonly T[], query: string): T[] {
  const terms = foldForSearch(query).split(/\s+/).filter((term) => term.length > 0);
  if (terms.length === 0) return [...options];
  const first = terms[0] ?? '';
  const ranked: { option: T; rank: number; index: number }[] = [];
  for (const [index, option] of options.entries()) {
    const label = foldForSearch(option.label);
    const haystack = option.detail === undefined ? label : `${label} ${foldForSearch(option.detail)}`;
    if (!terms.every((term) => haystack.includes(term))) continue;
    const rank = label.startsWith(first) ? 0 : label.split(/[^\p{L}\p{N}]+/u).some((word) => word.startsWith(first)) ? 1 : 2;
    ranked.push({ option, rank, index });
  }
  return ranked.sort((a, b) => a.rank - b.rank || a.index - b.index).map((entry) => entry.option);
}
