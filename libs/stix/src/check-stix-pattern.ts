/**
 * Syntax check of STIX patterns (STIX 2.1 OASIS Standard, section 9 "STIX Patterning", with
 * the grammar of the OASIS reference validator, oasis-open/cti-pattern-validator,
 * STIXPattern.g4). An indicator whose `pattern_type` is `stix`
 * MUST carry a pattern in this language (section 4.7). Beyond the grammar, as the OASIS
 * tools check: comparison expressions joined by AND within one observation expression refer
 * to one object type (cti-python-stix2), one observation expression takes each qualifier at
 * most once (cti-pattern-validator), and `WITHIN` and `REPEATS` take positive numbers.
 */
import { err, ok, type Result } from '@vigil/basics';

/** Why a pattern is not a STIX pattern: a message and the 0-based offset it refers to. */
export interface PatternSyntaxError {
  readonly message: string;
  readonly offset: number;
}

type TokenKind =
  | 'keyword'
  | 'identifier'
  | 'string'
  | 'int'
  | 'float'
  | 'timestamp'
  | 'binary'
  | 'hex'
  | 'bool'
  | 'punct'
  | 'end';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly offset: number;
}

const keywords = new Set([
  'AND',
  'OR',
  'NOT',
  'FOLLOWEDBY',
  'LIKE',
  'MATCHES',
  'ISSUPERSET',
  'ISSUBSET',
  'EXISTS',
  'LAST',
  'IN',
  'START',
  'STOP',
  'SECONDS',
  'WITHIN',
  'REPEATS',
  'TIMES',
]);

const lexemes: readonly [TokenKind, RegExp][] = [
  [
    'timestamp',
    /t'\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z'/y,
  ],
  ['binary', /b'(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)'/y],
  ['hex', /h'(?:[0-9a-fA-F]{2})*'/y],
  ['string', /'(?:[^'\\]|\\['\\])*'/y],
  ['float', /[+-]?\d*\.\d+/y],
  ['int', /[+-]?(?:0|[1-9]\d*)/y],
  ['identifier', /[a-zA-Z_][a-zA-Z0-9_-]*/y],
  ['punct', /<=|>=|!=|==|[=<>[\]().,:*]/y],
];

function tokenize(pattern: string): Result<Token[], PatternSyntaxError> {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const rest = /\s+|\/\*[\s\S]*?\*\/|\/\/[^\n]*/y;
    rest.lastIndex = i;
    const skipped = rest.exec(pattern);
    if (skipped) {
      i += skipped[0].length;
      continue;
    }
    let matched: Token | undefined;
    for (const [kind, regex] of lexemes) {
      regex.lastIndex = i;
      const match = regex.exec(pattern);
      if (match) {
        const text = match[0];
        const refined: TokenKind =
          kind === 'identifier' && keywords.has(text)
            ? 'keyword'
            : kind === 'identifier' && (text === 'true' || text === 'false')
              ? 'bool'
              : kind;
        matched = { kind: refined, text, offset: i };
        break;
      }
    }
    if (!matched)
      return err({
        message: `unexpected character ${JSON.stringify(pattern.charAt(i))}`,
        offset: i,
      });
    tokens.push(matched);
    i += matched.text.length;
  }
  tokens.push({ kind: 'end', text: '', offset: pattern.length });
  return ok(tokens);
}

class PatternError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const orderable = new Set<TokenKind>(['int', 'float', 'string', 'binary', 'hex', 'timestamp']);

/** A recursive-descent parser over the grammar of section 9; throws `PatternError`. */
class Parser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  private get token(): Token {
    return this.tokens[this.index] ?? { kind: 'end', text: '', offset: 0 };
  }

  private fail(expected: string): never {
    const found = this.token.kind === 'end' ? 'the end of the pattern' : `"${this.token.text}"`;
    throw new PatternError(`expected ${expected}, found ${found}`, this.token.offset);
  }

  private accept(text: string): boolean {
    if (this.token.text === text && this.token.kind !== 'string') {
      this.index++;
      return true;
    }
    return false;
  }

  private expect(text: string): void {
    if (!this.accept(text)) this.fail(`"${text}"`);
  }

  pattern(): void {
    this.observationExpressions();
    if (this.token.kind !== 'end') this.fail('AND, OR, FOLLOWEDBY or the end of the pattern');
  }

  private observationExpressions(): void {
    this.observationOr();
    while (this.accept('FOLLOWEDBY')) this.observationOr();
  }

  private observationOr(): void {
    this.observationAnd();
    while (this.accept('OR')) this.observationAnd();
  }

  private observationAnd(): void {
    this.observation();
    while (this.accept('AND')) this.observation();
  }

  private observation(): void {
    if (this.accept('[')) {
      this.comparisonOr();
      this.expect(']');
    } else if (this.accept('(')) {
      this.observationExpressions();
      this.expect(')');
    } else {
      this.fail('"[" or "("');
    }
    const qualifiers = new Set<string>();
    for (;;) {
      const qualifier = this.token;
      if (['START', 'WITHIN', 'REPEATS'].includes(qualifier.text) && qualifier.kind === 'keyword') {
        if (qualifiers.has(qualifier.text)) {
          throw new PatternError(
            `${qualifier.text} is applied twice to one observation`,
            qualifier.offset,
          );
        }
        qualifiers.add(qualifier.text);
      }
      if (this.accept('START')) {
        this.literal(['timestamp'], "a timestamp t'…'");
        this.expect('STOP');
        this.literal(['timestamp'], "a timestamp t'…'");
      } else if (this.accept('WITHIN')) {
        this.positiveNumber(['int', 'float']);
        this.expect('SECONDS');
      } else if (this.accept('REPEATS')) {
        this.positiveNumber(['int']);
        this.expect('TIMES');
      } else {
        return;
      }
    }
  }

  /** Returns the object types the comparison refers to (section 9.5: AND needs one type). */
  private comparisonOr(): Set<string> {
    const types = this.comparisonAnd();
    while (this.accept('OR')) for (const type of this.comparisonAnd()) types.add(type);
    return types;
  }

  private comparisonAnd(): Set<string> {
    const start = this.token.offset;
    const types = this.propTest();
    while (this.accept('AND')) for (const type of this.propTest()) types.add(type);
    if (types.size > 1) {
      throw new PatternError(
        `comparisons joined by AND must refer to one object type, not ${[...types].join(' and ')}`,
        start,
      );
    }
    return types;
  }

  private propTest(): Set<string> {
    if (this.accept('(')) {
      const types = this.comparisonOr();
      this.expect(')');
      return types;
    }
    if (this.accept('EXISTS')) return new Set([this.objectPath()]);
    const type = this.objectPath();
    this.accept('NOT');
    const operator = this.token.text;
    if (
      this.token.kind === 'punct' &&
      (operator === '=' || operator === '==' || operator === '!=')
    ) {
      this.index++;
      this.literal([...orderable, 'bool'], 'a literal');
    } else if (this.token.kind === 'punct' && ['<', '>', '<=', '>='].includes(operator)) {
      this.index++;
      this.literal([...orderable], 'an orderable literal');
    } else if (this.accept('IN')) {
      this.expect('(');
      if (!this.accept(')')) {
        do this.literal([...orderable, 'bool'], 'a literal');
        while (this.accept(','));
        this.expect(')');
      }
    } else if (
      ['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'].includes(operator) &&
      this.token.kind === 'keyword'
    ) {
      this.index++;
      this.literal(['string'], 'a string literal');
    } else {
      this.fail('a comparison operator');
    }
    return new Set([type]);
  }

  private objectPath(): string {
    const type = this.token;
    if (type.kind !== 'identifier') this.fail('an object type');
    this.index++;
    this.expect(':');
    const first = this.token;
    if ((first.kind !== 'identifier' || first.text.includes('-')) && first.kind !== 'string') {
      this.fail('a property name');
    }
    this.index++;
    for (;;) {
      if (this.accept('.')) {
        const component = this.token;
        if (
          (component.kind !== 'identifier' || component.text.includes('-')) &&
          component.kind !== 'string'
        ) {
          this.fail('a property name');
        }
        this.index++;
      } else if (this.accept('[')) {
        if (!this.accept('*')) this.literal(['int'], 'a list index or *');
        this.expect(']');
      } else {
        return type.text;
      }
    }
  }

  private literal(kinds: readonly TokenKind[], expected: string): void {
    if (!kinds.includes(this.token.kind)) this.fail(expected);
    this.index++;
  }

  private positiveNumber(kinds: readonly TokenKind[]): void {
    const token = this.token;
    this.literal(kinds, 'a positive number');
    if (!(Number(token.text) > 0))
      throw new PatternError('the number must be positive', token.offset);
  }
}

/** Checks that `pattern` is a STIX pattern (section 9). */
export function checkStixPattern(pattern: string): Result<void, PatternSyntaxError> {
  const tokens = tokenize(pattern);
  if (!tokens.ok) return tokens;
  try {
    new Parser(tokens.value).pattern();
    return ok(undefined);
  } catch (error) {
    if (error instanceof PatternError) return err({ message: error.message, offset: error.offset });
    throw error;
  }
}
