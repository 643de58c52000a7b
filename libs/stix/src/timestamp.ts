/**
 * STIX timestamps (STIX 2.1 OASIS Standard, section 2.15 "Timestamp"): RFC 3339 in UTC,
 * `YYYY-MM-DDTHH:mm:ss[.s+]Z`, with the time zone always `Z`. Fractions are kept as
 * digits, never rounded, so comparison is exact at any precision.
 */

const timestampPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

/** A timestamp read into whole seconds since the epoch and its fraction digits. */
export interface ParsedTimestamp {
  readonly seconds: number;
  readonly fraction: string;
}

/**
 * Reads a STIX timestamp; `undefined` when it is not one (wrong form, a month 13, a
 * 30 February). A leap second (`:60`) is accepted, as RFC 3339 section 5.7 allows.
 */
export function parseTimestamp(text: string): ParsedTimestamp | undefined {
  const match = timestampPattern.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) {
    return undefined;
  }
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  const seconds = Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
  return { seconds, fraction: (match[7] ?? '').replace(/0+$/, '') };
}

/** Orders two parsed timestamps: negative when `a` is earlier, 0 when equal, positive when later. */
export function compareTimestamps(a: ParsedTimestamp, b: ParsedTimestamp): number {
  if (a.seconds !== b.seconds) return a.seconds - b.seconds;
  const length = Math.max(a.fraction.length, b.fraction.length);
  const fa = a.fraction.padEnd(length, '0');
  const fb = b.fraction.padEnd(length, '0');
  return fa < fb ? -1 : fa > fb ? 1 : 0;
}

/**
 * Formats an instant as a STIX timestamp with millisecond precision, the precision
 * section 3.2 requires of `created` and `modified`.
 */
export function formatTimestamp(instant: Date): string {
  const text = instant.toISOString();
  // toISOString gives six-digit years with a sign outside 0000–9999, which STIX cannot carry.
  if (!/^\d{4}-/.test(text)) throw new RangeError(`no STIX timestamp for ${text}`);
  return text;
}
