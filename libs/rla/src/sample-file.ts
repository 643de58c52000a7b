/**
 * Audited-sample files (docs/cli-audit.md), validated with every problem reported by JSON path:
 * - polling: `{"counts": {"Alice": 120, "Bob": 80}, "ballotsSampled": 200, "notFound": 0}` or
 *   `{"ballots": [{"votes": ["Alice"]}, {"votes": null}, …]}` in draw order (`null`: not found);
 * - comparison: `{"sampled": 64, "o1": 0, "o2": 0, "u1": 0, "u2": 0}` or
 *   `{"ballots": [{"cvr": ["Alice"], "audited": ["Alice"], "timesSampled": 1}, …]}` in draw
 *   order (`cvr: null`: no CVR; `audited: null`: not found).
 */
import { type Result, err, ok } from '@vigil/basics';
import type { ComparedBallot, DiscrepancyCounts } from './super-simple';

/** A problem in a sample file. */
export interface SampleFileProblem {
  readonly type: 'sample-invalid';
  readonly path: string;
  readonly message: string;
}

/** A polling sample as read from a file. */
export type PollingSampleFile =
  | {
      readonly kind: 'counts';
      readonly counts: Readonly<Record<string, number>>;
      readonly ballotsSampled: number;
      readonly notFound: number;
    }
  | { readonly kind: 'ballots'; readonly ballots: readonly (readonly string[] | null)[] };

/** A comparison sample as read from a file. */
export type ComparisonSampleFile =
  | { readonly kind: 'counts'; readonly counts: DiscrepancyCounts }
  | { readonly kind: 'ballots'; readonly ballots: readonly ComparedBallot[] };

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function choiceList(
  value: unknown,
  path: string,
  problems: SampleFileProblem[],
): readonly string[] | null {
  if (value === null) return null;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    problems.push({
      type: 'sample-invalid',
      path,
      message: 'expected an array of choice names, or null',
    });
    return null;
  }
  return value;
}

function objectOf(
  input: unknown,
  problems: SampleFileProblem[],
): Record<string, unknown> | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    problems.push({ type: 'sample-invalid', path: '$', message: 'expected an object' });
    return undefined;
  }
  return input as Record<string, unknown>;
}

/** Validates a polling sample file. */
export function parsePollingSample(input: unknown): Result<PollingSampleFile, SampleFileProblem[]> {
  const problems: SampleFileProblem[] = [];
  const record = objectOf(input, problems);
  if (record === undefined) return err(problems);
  if (Array.isArray(record['ballots'])) {
    const ballots = (record['ballots'] as unknown[]).map((ballot, index) => {
      const entry = ballot as Record<string, unknown> | null;
      if (typeof entry !== 'object' || entry === null || !('votes' in entry)) {
        problems.push({
          type: 'sample-invalid',
          path: `$.ballots[${index}]`,
          message: 'expected {"votes": [...] or null}',
        });
        return null;
      }
      return choiceList(entry['votes'], `$.ballots[${index}].votes`, problems);
    });
    return problems.length > 0 ? err(problems) : ok({ kind: 'ballots', ballots });
  }
  const counts = record['counts'];
  const result: Record<string, number> = {};
  if (typeof counts !== 'object' || counts === null || Array.isArray(counts)) {
    problems.push({
      type: 'sample-invalid',
      path: '$.counts',
      message: 'expected "counts" (votes per choice) or "ballots"',
    });
  } else {
    for (const [choice, votes] of Object.entries(counts as Record<string, unknown>)) {
      if (isCount(votes)) result[choice] = votes;
      else
        problems.push({
          type: 'sample-invalid',
          path: `$.counts[${JSON.stringify(choice)}]`,
          message: 'expected a whole number ≥ 0',
        });
    }
  }
  const ballotsSampled = record['ballotsSampled'];
  if (!isCount(ballotsSampled))
    problems.push({
      type: 'sample-invalid',
      path: '$.ballotsSampled',
      message: 'expected a whole number ≥ 0',
    });
  const notFound = record['notFound'] ?? 0;
  if (!isCount(notFound))
    problems.push({
      type: 'sample-invalid',
      path: '$.notFound',
      message: 'expected a whole number ≥ 0',
    });
  if (problems.length > 0) return err(problems);
  return ok({
    kind: 'counts',
    counts: result,
    ballotsSampled: ballotsSampled as number,
    notFound: notFound as number,
  });
}

/** Validates a comparison sample file. */
export function parseComparisonSample(
  input: unknown,
): Result<ComparisonSampleFile, SampleFileProblem[]> {
  const problems: SampleFileProblem[] = [];
  const record = objectOf(input, problems);
  if (record === undefined) return err(problems);
  if (Array.isArray(record['ballots'])) {
    const ballots = (record['ballots'] as unknown[]).map((ballot, index): ComparedBallot => {
      const entry = ballot as Record<string, unknown> | null;
      if (
        typeof entry !== 'object' ||
        entry === null ||
        !('cvr' in entry) ||
        !('audited' in entry)
      ) {
        problems.push({
          type: 'sample-invalid',
          path: `$.ballots[${index}]`,
          message: 'expected {"cvr": [...] or null, "audited": [...] or null}',
        });
        return { cvr: null, audited: null };
      }
      const times = entry['timesSampled'] ?? 1;
      if (!isCount(times) || times < 1)
        problems.push({
          type: 'sample-invalid',
          path: `$.ballots[${index}].timesSampled`,
          message: 'expected a whole number ≥ 1',
        });
      return {
        cvr: choiceList(entry['cvr'], `$.ballots[${index}].cvr`, problems),
        audited: choiceList(entry['audited'], `$.ballots[${index}].audited`, problems),
        timesSampled: isCount(times) ? times : 1,
      };
    });
    return problems.length > 0 ? err(problems) : ok({ kind: 'ballots', ballots });
  }
  const field = (name: 'sampled' | 'o1' | 'o2' | 'u1' | 'u2'): number => {
    const value = record[name] ?? (name === 'sampled' ? undefined : 0);
    if (!isCount(value)) {
      problems.push({
        type: 'sample-invalid',
        path: `$.${name}`,
        message: 'expected a whole number ≥ 0',
      });
      return 0;
    }
    return value;
  };
  const counts = {
    sampled: field('sampled'),
    o1: field('o1'),
    o2: field('o2'),
    u1: field('u1'),
    u2: field('u2'),
  };
  if (problems.length === 0 && counts.o1 + counts.o2 + counts.u1 + counts.u2 > counts.sampled) {
    problems.push({
      type: 'sample-invalid',
      path: '$.sampled',
      message: 'more discrepancies than sampled ballots',
    });
  }
  return problems.length > 0 ? err(problems) : ok({ kind: 'counts', counts });
}

/** A MACRO sample: the batches drawn (with their tickets) and their audited tallies. */
export interface MacroSampleFile {
  readonly batches: readonly {
    readonly ticket: string;
    readonly jurisdiction: string;
    readonly tabulator: string | null;
    readonly batch: string;
    /** Audited votes per choice, or `null` if the contest is not on the batch's ballots. */
    readonly audited: Readonly<Record<string, number>> | null;
  }[];
  /** Sets of batches audited together (Arlo's combined batches); each drawn one carries the set's tally. */
  readonly combinedBatches: readonly (readonly {
    readonly jurisdiction: string;
    readonly tabulator: string | null;
    readonly batch: string;
  }[])[];
}

/**
 * Validates a MACRO sample file:
 * `{"batches":[{"ticket":"0.1…","jurisdiction":"J","tabulator":null,"batch":"B1","audited":{"Alice":3}}],
 * "combinedBatches":[[{"jurisdiction":"J","tabulator":null,"batch":"B1"},{…"batch":"B2"}]]}`
 * (`combinedBatches` optional).
 */
export function parseMacroSample(input: unknown): Result<MacroSampleFile, SampleFileProblem[]> {
  const problems: SampleFileProblem[] = [];
  const record = objectOf(input, problems);
  if (record === undefined) return err(problems);
  if (!Array.isArray(record['batches'])) {
    problems.push({
      type: 'sample-invalid',
      path: '$.batches',
      message: 'expected an array of audited batches',
    });
    return err(problems);
  }
  const batches = (record['batches'] as unknown[]).map((entry, index) => {
    const path = `$.batches[${index}]`;
    const item = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<
      string,
      unknown
    >;
    const text = (name: string): string => {
      const value = item[name];
      if (typeof value !== 'string' || value === '')
        problems.push({
          type: 'sample-invalid',
          path: `${path}.${name}`,
          message: 'expected a non-empty string',
        });
      return typeof value === 'string' ? value : '';
    };
    const ticket = text('ticket');
    const jurisdiction = text('jurisdiction');
    const batch = text('batch');
    const tabulator = item['tabulator'] ?? null;
    if (tabulator !== null && typeof tabulator !== 'string')
      problems.push({
        type: 'sample-invalid',
        path: `${path}.tabulator`,
        message: 'expected a string or null',
      });
    const auditedValue = item['audited'];
    let audited: Record<string, number> | null = null;
    if (auditedValue !== null) {
      if (
        typeof auditedValue !== 'object' ||
        auditedValue === undefined ||
        Array.isArray(auditedValue)
      ) {
        problems.push({
          type: 'sample-invalid',
          path: `${path}.audited`,
          message: 'expected votes per choice, or null',
        });
      } else {
        audited = {};
        for (const [choice, votes] of Object.entries(auditedValue as Record<string, unknown>)) {
          if (isCount(votes)) audited[choice] = votes;
          else
            problems.push({
              type: 'sample-invalid',
              path: `${path}.audited[${JSON.stringify(choice)}]`,
              message: 'expected a whole number ≥ 0',
            });
        }
      }
    }
    return {
      ticket,
      jurisdiction,
      tabulator: typeof tabulator === 'string' ? tabulator : null,
      batch,
      audited,
    };
  });
  const combinedValue = record['combinedBatches'] ?? [];
  const combinedBatches: { jurisdiction: string; tabulator: string | null; batch: string }[][] = [];
  if (!Array.isArray(combinedValue))
    problems.push({
      type: 'sample-invalid',
      path: '$.combinedBatches',
      message: 'expected an array of sets of batches ([{"jurisdiction", "tabulator", "batch"}, …])',
    });
  else
    combinedValue.forEach((set: unknown, index) => {
      const path = `$.combinedBatches[${index}]`;
      if (!Array.isArray(set) || set.length < 2) {
        problems.push({ type: 'sample-invalid', path, message: 'expected at least two batches' });
        return;
      }
      combinedBatches.push(
        set.map((entry: unknown, k) => {
          const item = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<
            string,
            unknown
          >;
          const jurisdiction = item['jurisdiction'];
          const batch = item['batch'];
          const tabulator = item['tabulator'] ?? null;
          if (typeof jurisdiction !== 'string' || jurisdiction === '')
            problems.push({
              type: 'sample-invalid',
              path: `${path}[${k}].jurisdiction`,
              message: 'expected a non-empty string',
            });
          if (typeof batch !== 'string' || batch === '')
            problems.push({
              type: 'sample-invalid',
              path: `${path}[${k}].batch`,
              message: 'expected a non-empty string',
            });
          if (tabulator !== null && typeof tabulator !== 'string')
            problems.push({
              type: 'sample-invalid',
              path: `${path}[${k}].tabulator`,
              message: 'expected a string or null',
            });
          return {
            jurisdiction: typeof jurisdiction === 'string' ? jurisdiction : '',
            tabulator: typeof tabulator === 'string' ? tabulator : null,
            batch: typeof batch === 'string' ? batch : '',
          };
        }),
      );
    });
  return problems.length > 0 ? err(problems) : ok({ batches, combinedBatches });
}
