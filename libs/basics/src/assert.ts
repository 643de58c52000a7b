/** Thrown when an internal invariant is broken: a bug, never a user error. */
export class AssertionError extends Error {
  override readonly name = 'AssertionError';
}

/** Asserts an invariant. Bugs throw; expected failures return a `Result`. */
export function assert(condition: unknown, message = 'assertion failed'): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** Asserts that a value is neither `undefined` nor `null` and returns it. */
export function assertDefined<T>(value: T | undefined | null, message = 'value is missing'): T {
  if (value === undefined || value === null) throw new AssertionError(message);
  return value;
}

/** For the `default` branch of an exhaustive `switch`: the compiler proves it unreachable. */
export function throwIllegalValue(value: never, name = 'value'): never {
  throw new AssertionError(`illegal ${name}: ${JSON.stringify(value)}`);
}
