/**
 * JSON text to a value (RFC 8259), with the line and column of the first syntax error, which
 * `JSON.parse` does not report in a portable way. `JSON.parse` does the parsing; when it
 * fails, a small scanner walks the text to find where. A leading byte-order mark is ignored
 * (RFC 8259, section 8.1 allows it).
 */
import { err, ok, type Result } from '@vigil/basics';

/** Where and why JSON text is not valid JSON. Lines and columns count from 1. */
export interface JsonSyntaxError {
  readonly type: 'json-syntax';
  readonly message: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** Parses JSON text; a syntax error comes back with its position. */
export function parseJson(text: string): Result<unknown, JsonSyntaxError> {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const shift = body.length === text.length ? 0 : 1;
  try {
    return ok(JSON.parse(body) as unknown);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const found = findSyntaxError(body) ?? { offset: 0, message: error.message };
    const offset = found.offset + shift;
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return err({ type: 'json-syntax', message: found.message, offset, line, column });
  }
}

interface SyntaxProblem {
  readonly offset: number;
  readonly message: string;
}

const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const escapes = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/**
 * Returns the first syntax error of `text`, or `undefined` when it is valid JSON. An explicit
 * stack instead of recursion, so deeply nested input cannot overflow the call stack.
 */
export function findSyntaxError(text: string): SyntaxProblem | undefined {
  let i = 0;
  const stack: ('[' | '{')[] = [];
  const skipWhitespace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const describe = (): string =>
    i >= text.length
      ? 'unexpected end of input'
      : `unexpected character ${JSON.stringify(text.charAt(i))}`;
  const scanString = (): SyntaxProblem | undefined => {
    i++; // the opening quote
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code === 0x22) {
        i++;
        return undefined;
      }
      if (code < 0x20) return { offset: i, message: 'control character in a string' };
      if (code === 0x5c) {
        const next = text.charAt(i + 1);
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            return { offset: i, message: 'invalid \\u escape in a string' };
          }
          i += 6;
          continue;
        }
        if (!escapes.has(next)) return { offset: i, message: 'invalid escape in a string' };
        i += 2;
        continue;
      }
      i++;
    }
    return { offset: i, message: 'unterminated string' };
  };
  const scanKey = (): SyntaxProblem | undefined => {
    skipWhitespace();
    if (text.charAt(i) !== '"')
      return { offset: i, message: `${describe()}: expected a property name in double quotes` };
    const problem = scanString();
    if (problem) return problem;
    skipWhitespace();
    if (text.charAt(i) !== ':') return { offset: i, message: `${describe()}: expected ':'` };
    i++;
    return undefined;
  };

  for (;;) {
    // A value is expected here.
    skipWhitespace();
    const c = text.charAt(i);
    let afterValue = true;
    if (c === '{' || c === '[') {
      i++;
      skipWhitespace();
      if (text.charAt(i) === (c === '{' ? '}' : ']')) {
        i++;
      } else {
        stack.push(c);
        if (c === '{') {
          const problem = scanKey();
          if (problem) return problem;
        }
        afterValue = false;
      }
    } else if (c === '"') {
      const problem = scanString();
      if (problem) return problem;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      numberPattern.lastIndex = i;
      const match = numberPattern.exec(text);
      if (!match) return { offset: i, message: 'invalid number' };
      i += match[0].length;
    } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
      i += 4;
    } else if (text.startsWith('false', i)) {
      i += 5;
    } else {
      return { offset: i, message: `${describe()}: expected a value` };
    }
    // After a value: close containers, or go on after a comma.
    while (afterValue) {
      skipWhitespace();
      const top = stack.at(-1);
      if (top === undefined) {
        return i < text.length
          ? { offset: i, message: `${describe()} after the JSON value` }
          : undefined;
      }
      const next = text.charAt(i);
      if (next === ',') {
        i++;
        if (top === '{') {
          const problem = scanKey();
          if (problem) return problem;
        }
        afterValue = false;
      } else if (next === (top === '{' ? '}' : ']')) {
        stack.pop();
        i++;
      } else {
        return {
          offset: i,
          message: `${describe()}: expected ',' or '${top === '{' ? '}' : ']'}'`,
        };
      }
    }
  }
}
