/**
 * Expected failures are values, not exceptions: a function that can fail for a reason the
 * caller must handle returns a `Result`. Bugs throw (see `assert`).
 */
export type Result<T, E> = Ok<T> | Err<E>;

/** The success branch of a `Result`. */
export interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}

/** The failure branch of a `Result`. */
export interface Err<E> {
  readonly ok: false;
  readonly error: E;
}

/** Wraps a success value. */
export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

/** Wraps a failure value. */
export function err<E>(error: E): Err<E> {
  return { ok: false, error };
}

/** Returns the value of an `Ok`, or throws: for results the caller has proven cannot fail. */
export function unwrap<T, E>(result: Result<T, E>): T {
  if (result.ok) return result.value;
  throw new Error(`unwrap of an error result: ${JSON.stringify(result.error)}`);
}
