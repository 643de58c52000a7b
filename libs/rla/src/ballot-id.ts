/**
 * Ids of ballots as the consistent sampler hashes them.
 *
 * - `arlo`: Python's `str()` of `((jurisdiction, tabulator or None, batch name), position)`,
 *   exactly as Arlo builds its sampling ids (server/api/shared.py `compute_sample_ballots`:
 *   batch key `(jurisdiction.name, batch.tabulator, batch.name)`, then
 *   `audit_math/sampler.py` `draw_sample` pairs it with the 1-based position). With this format
 *   our draws equal Arlo's for the same manifests and seed.
 * - `canonical`: our own, language-neutral format: the RFC 8785 canonical JSON of the array
 *   `[jurisdiction, tabulator or null, batch name, position]`, e.g.
 *   `["Adams County",null,"Batch 1",3]`. Any language with a JSON encoder reproduces it;
 *   known answers are in docs/statistics.md and `ballot-id.test.ts`.
 */
import { canonicalJson, throwIllegalValue } from '@vigil/basics';
import type { UnitGroup } from './consistent-sampler';

/** The two id formats. */
export type IdFormat = 'arlo' | 'canonical';

/** Characters Python's `str.isprintable()` rejects (besides ASCII controls handled apart). */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/**
 * Python 3's `repr()` of a string (CPython `unicode_repr`): single quotes unless the string
 * contains a single quote and no double quote; backslash escapes for the quote, `\\`, `\t`,
 * `\n`, `\r`; `\xHH` for other controls and DEL; non-printable non-ASCII characters as
 * `\xHH`, `\uHHHH` or `\UHHHHHHHH`. (Printability follows JavaScript's Unicode tables, which
 * may differ from a given Python's for characters assigned in between.)
 */
export function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (char === quote || char === '\\') out += `\\${char}`;
    else if (char === '\t') out += '\\t';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`;
    else if (code < 0x7f) out += char;
    else if (char !== ' ' && NON_PRINTABLE.test(char)) {
      out +=
        code <= 0xff
          ? `\\x${hex(code, 2)}`
          : code <= 0xffff
            ? `\\u${hex(code, 4)}`
            : `\\U${hex(code, 8)}`;
    } else out += char;
  }
  return out + quote;
}

/** Where a batch of ballots sits. */
export interface BatchKey {
  readonly jurisdiction: string;
  /** `null` when the manifest has no Tabulator column or the cell is empty. */
  readonly tabulator: string | null;
  readonly batch: string;
}

/** The sampling-frame group of the ballots at positions 1…count of a batch. */
export function batchUnitGroup(key: BatchKey, count: number, format: IdFormat): UnitGroup {
  switch (format) {
    case 'arlo': {
      const tabulator = key.tabulator === null ? 'None' : pythonRepr(key.tabulator);
      return {
        kind: 'positions',
        prefix: `((${pythonRepr(key.jurisdiction)}, ${tabulator}, ${pythonRepr(key.batch)}), `,
        suffix: ')',
        count,
      };
    }
    case 'canonical': {
      const head = canonicalJson([key.jurisdiction, key.tabulator, key.batch]);
      return { kind: 'positions', prefix: `${head.slice(0, -1)},`, suffix: ']', count };
    }
    default:
      return throwIllegalValue(format, 'id format');
  }
}

/** The id of one ballot (position 1-based) in the given format. */
export function ballotId(key: BatchKey, position: number, format: IdFormat): string {
  const group = batchUnitGroup(key, position, format);
  return group.kind === 'positions' ? `${group.prefix}${position}${group.suffix}` : group.id;
}
