import type { Problem } from '@vigil/api';

/**
 * Field errors of a problem answer keyed by dotted path (`/memberships/0/role` →
 * `memberships.0.role`); errors without a path are under `''`. Paths that name a line of a
 * file (`line 3, column 2`) are kept as they are.
 */
export function fieldErrors(problem: Problem | null): ReadonlyMap<string, readonly string[]> {
  const map = new Map<string, string[]>();
  for (const error of problem?.errors ?? []) {
    const path = normalisePath(error.path);
    const list = map.get(path) ?? [];
    list.push(error.message);
    map.set(path, list);
  }
  return map;
}

/** `/a/0/b` and `a.0.b` both become `a.0.b`; `/` and `` become ``. */
export function normalisePath(path: string): string {
  if (!path.startsWith('/')) return path;
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/** The element id of a form field, from the form's id and the field's dotted path. */
export function fieldId(formId: string, path: string): string {
  return `${formId}-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}
