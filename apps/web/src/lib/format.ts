/**
 * The locale to format dates with: the browser's own variant of the interface language when it
 * has one (`en` in a British browser formats as `en-GB`, 21 January 2027, not January 21, 2027),
 * else the language itself.
 */
export function regionalLocale(language: string, preferred: readonly string[]): string {
  const base = language.toLowerCase().split('-')[0];
  if (language.includes('-')) return language;
  return preferred.find((tag) => tag.toLowerCase().split('-')[0] === base) ?? language;
}

function browserLanguages(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : navigator.languages;
}

/** A date and time in the user's language, e.g. `22 Nov 2026, 10:26`; the input if it is not a date. */
export function formatDateTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(regionalLocale(locale, browserLanguages()), {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
}

/** A calendar date (`YYYY-MM-DD`) in the user's language, without a time-zone shift. */
export function formatDate(isoDate: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return formatDateTime(isoDate, locale);
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(regionalLocale(locale, browserLanguages()), {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(date);
}

/**
 * The start or the end of a calendar day in the browser's time zone as an ISO instant, for
 * date-range filters: `to` includes the whole of its day.
 */
export function dayBoundary(isoDate: string, edge: 'start' | 'end'): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const date =
    edge === 'start' ? new Date(year, month, day) : new Date(year, month, day + 1, 0, 0, 0, -1);
  return date.toISOString();
}

/**
 * A playbook's relative due time (`+15m`, `+2h`, `+7d`) in words in the user's language
 * (`15 minutes`, `2 heures`, `7 days`); anything else as it is.
 */
export function formatRelativeDue(due: string, locale: string): string {
  const match = /^\+(\d+)(m|h|d)$/.exec(due);
  if (!match) return due;
  const unit = match[2] === 'm' ? 'minute' : match[2] === 'h' ? 'hour' : 'day';
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(Number(match[1]));
}
