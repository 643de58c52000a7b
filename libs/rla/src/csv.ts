/**
 * Decoding and tokenising of the CSV files election offices export (RFC 4180: comma-separated,
 * double-quoted fields with `""` escapes, CRLF or LF line ends). Hand-written rather than
 * csv-parse because this library runs in the browser too and must report the line and column
 * where every cell starts, which the parsers of ballot manifests, batch tallies and CVR exports
 * need for their error messages; it is also allocation-light for million-row CVR exports.
 */
import { type Result, err, ok } from '@vigil/basics';

/** One cell with where it starts (1-based line and column, in characters). */
export interface CsvCell {
  readonly value: string;
  readonly line: number;
  readonly column: number;
}

/** One record (a row may span lines when a quoted cell contains a line break). */
export interface CsvRow {
  readonly line: number;
  readonly cells: readonly CsvCell[];
}

/** A syntax error in the CSV text. */
export interface CsvSyntaxError {
  readonly type: 'csv-syntax';
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** The text encoding a file was read with. */
export type TextEncodingName = 'utf-8' | 'windows-1252';

/**
 * Decodes a file: UTF-8 with or without a byte-order mark; bytes that are not valid UTF-8 are
 * read as Windows-1252 (what spreadsheet software on Windows writes), never silently replaced.
 */
export function decodeText(bytes: Uint8Array): {
  readonly text: string;
  readonly encoding: TextEncodingName;
} {
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body),
      encoding: 'utf-8',
    };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(body), encoding: 'windows-1252' };
  }
}

/** Splits CSV text into rows of cells; a stray quote inside an unquoted cell is an error. */
export function parseCsv(text: string): Result<CsvRow[], CsvSyntaxError> {
  const rows: CsvRow[] = [];
  let cells: CsvCell[] = [];
  let line = 1;
  let lineStart = 0;
  let rowLine = 1;
  let i = 0;
  const length = text.length;
  if (length === 0) return ok(rows);
  for (;;) {
    // At the start of a cell.
    const cellLine = line;
    const cellColumn = i - lineStart + 1;
    let value: string;
    if (text.charCodeAt(i) === 34 /* " */) {
      let parts = '';
      let from = i + 1;
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote === -1) {
          return err({
            type: 'csv-syntax',
            line: cellLine,
            column: cellColumn,
            message: 'unterminated quoted cell',
          });
        }
        // Count line breaks inside the quoted text for accurate positions afterwards.
        for (let j = i; j < quote; j++) {
          if (text.charCodeAt(j) === 10) {
            line++;
            lineStart = j + 1;
          }
        }
        if (text.charCodeAt(quote + 1) === 34) {
          parts += text.slice(from, quote + 1);
          i = quote + 2;
          from = i;
          continue;
        }
        parts += text.slice(from, quote);
        i = quote + 1;
        break;
      }
      value = parts;
      const next = text.charCodeAt(i);
      if (i < length && next !== 44 && next !== 10 && next !== 13) {
        return err({
          type: 'csv-syntax',
          line,
          column: i - lineStart + 1,
          message: 'unexpected character after a closing quote',
        });
      }
    } else {
      let j = i;
      while (j < length) {
        const code = text.charCodeAt(j);
        if (code === 44 || code === 10 || code === 13) break;
        if (code === 34) {
          return err({
            type: 'csv-syntax',
            line,
            column: j - lineStart + 1,
            message: 'quote inside an unquoted cell',
          });
        }
        j++;
      }
      value = text.slice(i, j);
      i = j;
    }
    cells.push({ value, line: cellLine, column: cellColumn });
    if (i >= length) {
      rows.push({ line: rowLine, cells });
      return ok(rows);
    }
    const code = text.charCodeAt(i);
    if (code === 44) {
      i++;
      if (i >= length) {
        cells.push({ value: '', line, column: i - lineStart + 1 });
        rows.push({ line: rowLine, cells });
        return ok(rows);
      }
      continue;
    }
    // A line break ends the row: CRLF, LF or a lone CR.
    i += code === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    rows.push({ line: rowLine, cells });
    cells = [];
    line++;
    lineStart = i;
    rowLine = line;
    if (i >= length) return ok(rows);
  }
}

/** True when every cell of a row is empty or whitespace. */
export function isBlankRow(row: CsvRow): boolean {
  return row.cells.every((cell) => cell.value.trim() === '');
}
