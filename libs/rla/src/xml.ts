/**
 * A small, strict XML reader for vendor CVR files (Hart's one-file-per-ballot exports): elements,
 * attributes, namespaces (prefixes resolved to URIs), text with the predefined and numeric
 * character references, CDATA, comments, processing instructions and a DOCTYPE without an
 * internal subset. Not a validating parser. Every syntax error is reported with its 1-based line
 * and column; a document with an error yields nothing. Hand-written because this library runs in
 * the browser and in Node without dependencies, and needs positions for its error messages.
 */
import { type Result, err, ok } from '@vigil/basics';

/** An element with its namespace URI, local name, children and where it starts. */
export interface XmlElement {
  readonly namespace: string;
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Concatenated text directly inside the element. */
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

/** A syntax error. */
export interface XmlSyntaxError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

const NAME = /[A-Za-z_:\u00C0-\uFFFF][\w.:\-\u00B7\u00C0-\uFFFF]*/y;
const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

interface OpenElement {
  readonly qualified: string;
  readonly attributes: Record<string, string>;
  readonly scope: ReadonlyMap<string, string>;
  readonly children: XmlElement[];
  text: string;
  readonly line: number;
  readonly column: number;
}

/** Parses a document and returns its root element. */
export function parseXml(text: string): Result<XmlElement, XmlSyntaxError> {
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = 0;
  const fail = (message: string, at = position): Result<XmlElement, XmlSyntaxError> => {
    // Recount the line of `at` (errors are rare; keep the scan itself cheap).
    let l = 1;
    let start = 0;
    for (let i = 0; i < at; i++)
      if (text.charCodeAt(i) === 10) {
        l++;
        start = i + 1;
      }
    return err({ line: l, column: at - start + 1, message });
  };
  const advanceTo = (end: number): void => {
    for (let i = position; i < end; i++)
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    position = end;
  };
  const decode = (raw: string, at: number): string | XmlSyntaxError => {
    if (!raw.includes('&')) return raw;
    let out = '';
    let i = 0;
    while (i < raw.length) {
      const amp = raw.indexOf('&', i);
      if (amp < 0) {
        out += raw.slice(i);
        break;
      }
      out += raw.slice(i, amp);
      const semi = raw.indexOf(';', amp);
      const name = semi < 0 ? '' : raw.slice(amp + 1, semi);
      let value: string | undefined;
      if (/^#x[0-9a-fA-F]+$/.test(name)) value = String.fromCodePoint(parseInt(name.slice(2), 16));
      else if (/^#\d+$/.test(name)) value = String.fromCodePoint(parseInt(name.slice(1), 10));
      else value = ENTITIES[name];
      if (value === undefined) {
        const located = fail(`unknown or unterminated character reference "&${name}"`, at + amp);
        return (located as { error: XmlSyntaxError }).error;
      }
      out += value;
      i = semi + 1;
    }
    return out;
  };
  const stack: OpenElement[] = [];
  let root: XmlElement | null = null;
  const resolve = (
    qualified: string,
    scope: ReadonlyMap<string, string>,
    isAttribute: boolean,
  ): { namespace: string; name: string } | null => {
    const colon = qualified.indexOf(':');
    if (colon < 0) return { namespace: isAttribute ? '' : (scope.get('') ?? ''), name: qualified };
    const prefix = qualified.slice(0, colon);
    const namespace = prefix === 'xml' ? 'http://www.w3.org/XML/1998/namespace' : scope.get(prefix);
    return namespace === undefined ? null : { namespace, name: qualified.slice(colon + 1) };
  };
  while (position < text.length) {
    const open = text.indexOf('<', position);
    const textEnd = open < 0 ? text.length : open;
    if (textEnd > position) {
      const raw = text.slice(position, textEnd);
      const top = stack.at(-1);
      if (top === undefined) {
        if (raw.trim() !== '') return fail('text outside the root element');
      } else {
        const decoded = decode(raw, position);
        if (typeof decoded !== 'string') return err(decoded);
        top.text += decoded;
      }
      advanceTo(textEnd);
    }
    if (open < 0) break;
    if (text.startsWith('<!--', open)) {
      const end = text.indexOf('-->', open + 4);
      if (end < 0) return fail('unterminated comment');
      advanceTo(end + 3);
    } else if (text.startsWith('<![CDATA[', open)) {
      const end = text.indexOf(']]>', open + 9);
      if (end < 0) return fail('unterminated CDATA section');
      const top = stack.at(-1);
      if (top === undefined) return fail('CDATA outside the root element');
      top.text += text.slice(open + 9, end);
      advanceTo(end + 3);
    } else if (text.startsWith('<?', open)) {
      const end = text.indexOf('?>', open + 2);
      if (end < 0) return fail('unterminated processing instruction');
      advanceTo(end + 2);
    } else if (text.startsWith('<!DOCTYPE', open)) {
      const end = text.indexOf('>', open);
      if (end < 0 || text.slice(open, end).includes('[')) return fail('unsupported DOCTYPE');
      advanceTo(end + 1);
    } else if (text.startsWith('</', open)) {
      NAME.lastIndex = open + 2;
      const match = NAME.exec(text);
      const top = stack.pop();
      if (match === null) return fail('expected an element name', open + 2);
      if (top === undefined) return fail(`unexpected closing tag </${match[0]}>`, open);
      if (top.qualified !== match[0])
        return fail(`expected </${top.qualified}>, found </${match[0]}>`, open);
      const end = /\s*>/y;
      end.lastIndex = NAME.lastIndex;
      if (end.exec(text) === null) return fail('expected ">"', NAME.lastIndex);
      const resolved = resolve(top.qualified, top.scope, false);
      if (resolved === null) return fail(`undeclared namespace prefix in <${top.qualified}>`, open);
      const element: XmlElement = {
        ...resolved,
        attributes: top.attributes,
        children: top.children,
        text: top.text,
        line: top.line,
        column: top.column,
      };
      const parent = stack.at(-1);
      if (parent === undefined) root = element;
      else parent.children.push(element);
      advanceTo(end.lastIndex);
    } else {
      if (root !== null && stack.length === 0) return fail('a second root element', open);
      NAME.lastIndex = open + 1;
      const match = NAME.exec(text);
      if (match === null) return fail('expected an element name', open + 1);
      const startLine = line;
      const startColumn = open - lineStart + 1;
      const attributes: Record<string, string> = {};
      const declared = new Map(stack.at(-1)?.scope ?? []);
      let at = NAME.lastIndex;
      let selfClosing = false;
      for (;;) {
        const space = /\s*/y;
        space.lastIndex = at;
        space.exec(text);
        at = space.lastIndex;
        if (text.startsWith('/>', at)) {
          selfClosing = true;
          at += 2;
          break;
        }
        if (text[at] === '>') {
          at += 1;
          break;
        }
        NAME.lastIndex = at;
        const attribute = NAME.exec(text);
        if (attribute === null) return fail('expected an attribute, ">" or "/>"', at);
        if (!/\s/.test(text[at - 1] ?? ''))
          return fail('expected white space before an attribute', at);
        const equals = /\s*=\s*(["'])/y;
        equals.lastIndex = NAME.lastIndex;
        const quote = equals.exec(text);
        if (quote === null)
          return fail(`expected ="…" after attribute ${attribute[0]}`, NAME.lastIndex);
        const close = text.indexOf(quote[1] as string, equals.lastIndex);
        if (close < 0) return fail('unterminated attribute value', equals.lastIndex);
        const raw = text.slice(equals.lastIndex, close);
        if (raw.includes('<')) return fail('"<" in an attribute value', equals.lastIndex);
        const value = decode(raw, equals.lastIndex);
        if (typeof value !== 'string') return err(value);
        if (attribute[0] in attributes) return fail(`attribute ${attribute[0]} given twice`, at);
        attributes[attribute[0]] = value;
        if (attribute[0] === 'xmlns') declared.set('', value);
        else if (attribute[0].startsWith('xmlns:')) declared.set(attribute[0].slice(6), value);
        at = close + 1;
      }
      const element: OpenElement = {
        qualified: match[0],
        attributes,
        scope: declared,
        children: [],
        text: '',
        line: startLine,
        column: startColumn,
      };
      if (selfClosing) {
        const resolved = resolve(element.qualified, declared, false);
        if (resolved === null) return fail(`undeclared namespace prefix in <${match[0]}>`, open);
        const done: XmlElement = {
          ...resolved,
          attributes,
          children: [],
          text: '',
          line: startLine,
          column: startColumn,
        };
        const parent = stack.at(-1);
        if (parent === undefined) root = done;
        else parent.children.push(done);
      } else stack.push(element);
      advanceTo(at);
    }
  }
  const unclosed = stack.at(-1);
  if (unclosed !== undefined)
    return err({
      line: unclosed.line,
      column: unclosed.column,
      message: `<${unclosed.qualified}> is not closed`,
    });
  if (root === null) return fail('no root element');
  return ok(root);
}

/** The first child with this namespace and local name. */
export function xmlChild(
  element: XmlElement,
  namespace: string,
  name: string,
): XmlElement | undefined {
  return element.children.find((child) => child.namespace === namespace && child.name === name);
}

/** Every child with this namespace and local name. */
export function xmlChildren(element: XmlElement, namespace: string, name: string): XmlElement[] {
  return element.children.filter((child) => child.namespace === namespace && child.name === name);
}
