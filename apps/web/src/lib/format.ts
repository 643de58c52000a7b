/** A date and time in the user's language, e.g. `22 Nov 2026, 10:26`; the input if it is not a date. */
export function formatDateTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A calendar date (`YYYY-MM-DD`) in the user's language, without a time-zone shift. */
export function formatDate(isoDate: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return formatDateTime(isoDate, locale);
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
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
