/** A translation key and its values for a message the server wrote in English. */
export interface MessageKey {
  readonly key: string;
  readonly values: Readonly<Record<string, string>>;
}

/**
 * The server's validation messages are English sentences from the domain schemas. The ones
 * users meet most have a translation: each pattern names its key in `serverMessages`.
 */
const PATTERNS: readonly (readonly [RegExp, string, readonly string[]])[] = [
  [/^required$/i, 'required', []],
  [/^a valid e-mail address$/i, 'email', []],
  [/^at least (\d+) characters$/i, 'minLength', ['min']],
  [/^at most (\d+) characters$/i, 'maxLength', ['max']],
  [/^an ISO 3166 code such as FR or FR-IDF$/i, 'iso3166', []],
  [/^an ISO 3166-1 alpha-2 code such as FR$/i, 'countryCode', []],
  [/^a phone number such as (.+)$/i, 'phone', ['example']],
  [/^a date such as (.+)$/i, 'date', ['example']],
  [/^at least two choices$/i, 'twoChoices', []],
  [/^at least one scope$/i, 'oneScope', []],
  [/^fewer seats than choices$/i, 'fewerSeats', []],
  [/^duplicate choice "(.+)"$/i, 'duplicateChoice', ['choice']],
  [/^exactly one election-day milestone$/i, 'oneElectionDay', []],
  [/^see errors for each field$/i, 'seeErrors', []],
  [/^wrong password$/i, 'wrongPassword', []],
  [/^same as the current password$/i, 'samePassword', []],
  [/^no user with this id$/i, 'noSuchUser', []],
  // A case the reader may not see answers 404 like one that does not exist (no existence leak).
  [/^no case with this id or reference$/i, 'noSuchCase', []],
  // zod's own English messages, for the checks the domain schemas leave to it.
  [/^Invalid UUID$/, 'choose', []],
  [/^Invalid input: expected number, received NaN$/, 'number', []],
  [/^Too small: expected number to be >=(\d+)$/, 'numberMin', ['min']],
  [/^Too small: expected number to be >(\d+)$/, 'numberAbove', ['min']],
  [/^Too big: expected number to be <=(\d+)$/, 'numberMax', ['max']],
  [/^Too small: expected string to have >=(\d+) characters$/, 'minLength', ['min']],
  [/^Too big: expected string to have <=(\d+) characters$/, 'maxLength', ['max']],
];

/** The translation of a known server message, or `null` to show the message as it came. */
export function serverMessageKey(message: string): MessageKey | null {
  for (const [pattern, key, names] of PATTERNS) {
    const match = pattern.exec(message.trim());
    if (match) {
      const values: Record<string, string> = {};
      names.forEach((name, index) => {
        values[name] = match[index + 1] ?? '';
      });
      return { key: `serverMessages.${key}`, values };
    }
  }
  return null;
}
