/** Parameters captured from a path pattern such as `/organisations/:id`. */
export type RouteParams = Readonly<Record<string, string>>;

/**
 * Matches a path against a pattern of literal segments and `:name` parameters. Returns the
 * decoded parameters, or `null` when the path does not match. Trailing slashes are ignored.
 */
export function matchRoute(pattern: string, pathname: string): RouteParams | null {
  const split = (value: string) => value.split('/').filter((segment) => segment !== '');
  const expected = split(pattern);
  const actual = split(pathname);
  if (expected.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let index = 0; index < expected.length; index += 1) {
    const want = expected[index] ?? '';
    const got = actual[index] ?? '';
    if (want.startsWith(':')) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(got);
      } catch {
        return null;
      }
      params[want.slice(1)] = decoded;
    } else if (want !== got) {
      return null;
    }
  }
  return params;
}
