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

/**
 * Scans CSV text row by row without building cell objects (for million-row files): calls
 * `onRow(fields, line, starts, lineStart)` with the cell values, the 1-based line where the row
 * starts, each cell's start offset in `text`, and the offset where that line starts, so a
 * caller can locate a cell (column = start − lineStart + 1 for cells on the row's first line).
 * Stops early when `onRow` returns `false`. With `lenientQuotes`, a quote inside an unquoted
 * cell is an ordinary character (as Python's csv module reads Excel's `="123"` cells).
 */
export function scanCsv(
  text: string,
  onRow: (fields: string[], line: number, starts: number[], lineStart: number) => boolean | void,
  lenientQuotes = false,
): Result<void, CsvSyntaxError> {
  let line = 1;
  let lineStart = 0;
  let rowLine = 1;
  let rowLineStart = 0;
  let fields: string[] = [];
  let starts: number[] = [];
  let i = 0;
  const length = text.length;
  if (length === 0) return ok(undefined);
  for (;;) {
    const cellStart = i;
    let value: string;
    if (text.charCodeAt(i) === 34 /* " */) {
      const cellLine = line;
      const cellColumn = i - lineStart + 1;
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
        for (let j = text.indexOf('\n', i); j !== -1 && j < quote; j = text.indexOf('\n', j + 1)) {
          line++;
          lineStart = j + 1;
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
        if (code === 34 && !lenientQuotes) {
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
    fields.push(value);
    starts.push(cellStart);
    if (i >= length) {
      onRow(fields, rowLine, starts, rowLineStart);
      return ok(undefined);
    }
    const code = text.charCodeAt(i);
    if (code === 44) {
      i++;
      if (i >= length) {
        fields.push('');
        starts.push(i);
        onRow(fields, rowLine, starts, rowLineStart);
        return ok(undefined);
      }
      continue;
    }
    // A line break ends the row: CRLF, LF or a lone CR.
    i += code === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    const keepGoing = onRow(fields, rowLine, starts, rowLineStart);
    fields = [];
    starts = [];
    line++;
    lineStart = i;
    rowLine = line;
    rowLineStart = i;
    if (keepGoing === false || i >= length) return ok(undefined);
  }
}

/** Offsets where lines start (after LF, CRLF or a lone CR). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/** Splits CSV text into rows of cells, each with its line and column. */
export function parseCsv(text: string): Result<CsvRow[], CsvSyntaxError> {
  const rows: CsvRow[] = [];
  const starts = lineStarts(text);
  const locate = (offset: number): { line: number; column: number } => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (starts[low] as number) + 1 };
  };
  const scanned = scanCsv(text, (fields, _line, cellStarts) => {
    const cells = fields.map((value, index) => ({ value, ...locate(cellStarts[index] as number) }));
    rows.push({ line: (cells[0] as CsvCell).line, cells });
  });
  return scanned.ok ? ok(rows) : scanned;
}

/** True when every cell of a row is empty or whitespace. */
export function isBlankRow(row: CsvRow): boolean {
  return row.cells.every((cell) => cell.value.trim() === '');
}
