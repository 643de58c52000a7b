/**
 * Stores an uploaded dataset from the request body as it streams in: never buffered whole
 * (GB-sized exports must work), hashed with SHA-256 on the way, cut off with a 413 at the size
 * limit, and refused with a 422 as soon as its first line shows it is not of the chosen format
 * (missing columns, not JSON, not Parquet), naming the line and column.
 */
import { messageOf } from '@vigil/basics';
import type { FieldError } from '@vigil/api';
import type { ColumnMapping, InputFormat } from '@vigil/coordination';
import { checkInputColumns, fileTypeOf, openDatabase, queryRows, sqlString } from '@vigil/coordination';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { HttpProblem } from '../http-problem';

/** Default largest upload: 20 GiB (the 20 M-post benchmark file is about 4 GB). */
export const DEFAULT_DETECT_MAX_UPLOAD_BYTES = 20 * 1024 ** 3;

/**
 * How much of a refused body is still read (and dropped) so that the client, which is still
 * sending, gets the answer on a connection that stays usable; beyond it the connection is closed.
 */
const DRAIN_BYTES = 32 * 1024 * 1024;

/** How much of the file's start is examined for the header (decompressed). */
const HEAD_BYTES = 1024 * 1024;

/** A file in place under the files directory. */
export interface StoredUpload {
  readonly id: string;
  /** Relative to the files directory. */
  readonly storagePath: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly fileType: 'csv' | 'jsonl' | 'parquet';
  readonly compressed: boolean;
  readonly columns: readonly string[];
}

function refuse(message: string, path = '/body'): HttpProblem {
  const errors: FieldError[] = [{ path, message }];
  return new HttpProblem(422, 'Invalid dataset', message, errors);
}

/** Splits one CSV line into fields (RFC 4180 quoting). */
export function splitCsvLine(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === delimiter) {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

/** The delimiter of a generic CSV header: the most frequent of comma, tab, semicolon and bar. */
function guessDelimiter(line: string): string {
  const counts = [',', '\t', ';', '|'].map((delimiter) => [delimiter, line.split(delimiter).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}

/** Lines of `text` that are complete (ended by a newline), without the line ends. */
function completeLines(text: string): string[] {
  const lines = text.split('\n');
  lines.pop();
  return lines.map((line) => line.replace(/\r$/, ''));
}

function describeColumns(columns: readonly string[]): string {
  return columns.map((name, index) => `"${name}" (column ${index + 1})`).join(', ');
}

/**
 * Checks the start of a CSV or JSON-lines file against the format; returns the header's
 * columns, or undefined while no complete first line has arrived. Throws a 422 naming the
 * line and column at fault.
 */
export function checkHead(input: {
  readonly head: string;
  readonly complete: boolean;
  readonly fileType: 'csv' | 'jsonl';
  readonly format: InputFormat;
  readonly mapping: Partial<ColumnMapping>;
}): string[] | undefined {
  const text = input.head.replace(/^\uFEFF/, '');
  if (input.complete && text === '') throw refuse('the file is empty');
  const lines = completeLines(input.complete && !text.endsWith('\n') ? `${text}\n` : text);
  if (input.fileType === 'jsonl') {
    const index = lines.findIndex((line) => line.trim() !== '');
    if (index < 0) {
      if (input.complete) throw refuse('the file is empty');
      return undefined;
    }
    const line = lines[index] ?? '';
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      const position = /position (\d+)/.exec(messageOf(error))?.[1];
      throw refuse(`line ${index + 1}${position === undefined ? '' : `, column ${Number(position) + 1}`}: not JSON (${messageOf(error)}); JSON lines hold one object per line`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw refuse(`line ${index + 1}, column 1: expected a JSON object, one per line`);
    const columns = Object.keys(value);
    const checked = checkInputColumns({ format: input.format, available: columns, mapping: input.mapping });
    if (!checked.ok) {
      throw refuse(`line ${index + 1}: missing ${checked.error.missing.map((name) => `"${name}"`).join(', ')} for the ${input.format} format; the first object has the keys ${columns.map((name) => `"${name}"`).join(', ')}`);
    }
    return columns;
  }
  const header = lines[0];
  if (header === undefined) {
    if (input.complete) throw refuse('the file is empty');
    if (text.length >= HEAD_BYTES) throw refuse(`line 1: no end of line in the first ${HEAD_BYTES} bytes; is this a CSV file?`);
    return undefined;
  }
  if (header.trim() === '') throw refuse('line 1: empty; the first line must name the columns');
  // The presets are comma-separated; DuckDB sniffs the generic format's dialect likewise.
  const delimiter = input.format === 'generic' ? guessDelimiter(header) : ',';
  const columns = splitCsvLine(header, delimiter).map((name) => name.trim());
  const checked = checkInputColumns({ format: input.format, available: columns, mapping: input.mapping });
  if (!checked.ok) {
    const needed = checked.error.missing.map((name) => `"${name}"`).join(', ');
    throw refuse(`line 1: missing column${checked.error.missing.length > 1 ? 's' : ''} ${needed} for the ${input.format} format; the header has ${describeColumns(columns)}`);
  }
  // The first data row must have as many fields as the header (when it is a simple line).
  const first = lines[1];
  if (first !== undefined && first.trim() !== '' && !first.includes('"')) {
    const fields = splitCsvLine(first, delimiter).length;
    if (fields !== columns.length) {
      throw refuse(`line 2, column ${Math.min(fields, columns.length) + 1}: ${fields} fields where the header has ${columns.length}; is the delimiter "${delimiter === '\t' ? '\\t' : delimiter}" right?`);
    }
  }
  return columns;
}

/** Reads the schema of a stored Parquet file (its footer) with DuckDB. */
async function parquetColumns(path: string): Promise<string[]> {
  const database = await openDatabase({ memoryLimit: '256MB', threads: 1 });
  try {
    return (await queryRows(database.connection, `DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`)).map((row) => String(row['column_name']));
  } finally {
    database.close();
  }
}

/** Streams `body` to `filesDir/detect/datasets/<id>.<type>[.gz]`, checking it as described above. */
export async function storeUpload(input: {
  readonly body: ReadableStream<Uint8Array> | null;
  readonly filesDir: string;
  readonly name: string;
  readonly format: InputFormat;
  readonly mapping: Partial<ColumnMapping>;
  readonly maxBytes: number;
}): Promise<StoredUpload> {
  if (input.body === null) throw refuse('the body is empty: send the file as the request body');
  const fileType = fileTypeOf(input.name);
  const id = randomUUID();
  const directory = join(input.filesDir, 'detect', 'datasets');
  await mkdir(directory, { recursive: true });
  const partial = join(directory, `${id}.part`);
  const output = createWriteStream(partial, { flags: 'wx' });
  const hash = createHash('sha256');
  const reader = input.body.getReader();
  const head: Buffer[] = [];
  let headBytes = 0;
  let size = 0;
  let compressed: boolean | undefined;
  let columns: string[] | undefined;
  const examine = (complete: boolean): void => {
    const raw = Buffer.concat(head);
    if (fileType === 'parquet') {
      if (raw.length >= 4 || complete) {
        if (raw.subarray(0, 4).toString('latin1') !== 'PAR1') throw refuse('bytes 1–4: not a Parquet file (no PAR1 magic); name the file .csv or .jsonl if it is one');
        columns = [];
      }
      return;
    }
    const text = (compressed ? gunzipSync(raw, { finishFlush: constants.Z_SYNC_FLUSH }) : raw).subarray(0, HEAD_BYTES).toString('utf8');
    columns = checkHead({ head: text, complete: complete || (compressed === true && raw.length >= HEAD_BYTES), fileType, format: input.format, mapping: input.mapping });
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > input.maxBytes) {
        throw new HttpProblem(413, 'Dataset too large', `a dataset may be at most ${input.maxBytes} bytes (${(input.maxBytes / 1024 ** 3).toFixed(1)} GiB); split the file or ask the operators to raise VIGIL_DETECT_MAX_UPLOAD_BYTES`);
      }
      hash.update(value);
      if (columns === undefined && headBytes < 4 * HEAD_BYTES) {
        head.push(Buffer.from(value));
        headBytes += value.byteLength;
        compressed ??= headBytes >= 2 ? head[0]?.[0] === 0x1f && head[0]?.[1] === 0x8b : undefined;
        if (compressed !== undefined) examine(false);
      }
      if (!output.write(value)) await once(output, 'drain');
    }
    if (size === 0) throw refuse('the body is empty: send the file as the request body');
    compressed ??= false;
    if (columns === undefined) examine(true);
    if (compressed && fileType === 'parquet') throw refuse('a Parquet file is compressed inside; send it without gzip');
    output.end();
    await once(output, 'finish');
    const extension = `${fileType}${compressed ? '.gz' : ''}`;
    const storagePath = join('detect', 'datasets', `${id}.${extension}`);
    await rename(partial, join(input.filesDir, storagePath));
    if (fileType === 'parquet') {
      let found: string[];
      try {
        found = await parquetColumns(join(input.filesDir, storagePath));
      } catch (error) {
        await rm(join(input.filesDir, storagePath), { force: true });
        throw refuse(`not a readable Parquet file: ${messageOf(error).split('\n')[0] ?? ''}`);
      }
      const checked = checkInputColumns({ format: input.format, available: found, mapping: input.mapping });
      if (!checked.ok) {
        await rm(join(input.filesDir, storagePath), { force: true });
        throw refuse(`Parquet schema: missing ${checked.error.missing.map((name) => `"${name}"`).join(', ')} for the ${input.format} format; the file has ${describeColumns(found)}`);
      }
      columns = found;
    }
    return { id, storagePath, sizeBytes: size, sha256: hash.digest('hex'), fileType, compressed, columns: columns ?? [] };
  } catch (error) {
    let finished = false;
    for (let drained = 0; drained < DRAIN_BYTES; ) {
      const next = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (next.done) {
        finished = true;
        break;
      }
      drained += next.value.byteLength;
    }
    if (!finished) await reader.cancel().catch(() => undefined);
    // The stream opens its file lazily: remove the file only once the stream has closed.
    await new Promise<void>((resolve) => {
      if (output.closed) resolve();
      else {
        output.once('close', () => resolve());
        output.destroy();
      }
    });
    await rm(partial, { force: true });
    // A client still sending learns of the refusal only if the connection closes after it.
    if (!finished && error instanceof HttpProblem) {
      throw new HttpProblem(error.status, error.title, error.detail, error.errors, { ...error.headers, connection: 'close' });
    }
    throw error;
  }
}
