/**
 * Matching a CVR export against the jurisdiction's ballot manifest before a ballot-comparison
 * audit. Arlo (votingworks/arlo server/api/cvrs.py, each `parse_*_cvrs`) refuses a CVR whose
 * batch is not in the manifest, keyed as follows:
 * - Dominion, ClearBallot and ES&S: the pair (tabulator, batch name) — TabulatorNum/BatchId,
 *   ScanComputerName/BoxID, the ballots file's Tabulator/Batch — against the manifest's
 *   `Tabulator` and `Batch Name`. A manifest row without a tabulator matches no CVR of these
 *   formats, as in Arlo.
 * - Hart: the batch name alone, unless the manifest's batch names repeat; then the pair, with the
 *   tabulator from the ZIP file names or the scanned ballot information's Workstation (a ballot
 *   with neither is refused, as Arlo does).
 *
 * We go one step further than Arlo and also require, batch by batch, that the number of CVRs
 * equals the manifest's `Number of Ballots` (Arlo only checks in hybrid audits that the CVRs do
 * not outnumber the manifest's CVR ballots, and otherwise treats a sampled ballot without a CVR
 * as a worst-case discrepancy). A batch marked `CVR: N` (hybrid audits) is not checked, and the
 * CVRs in it are ignored, as Arlo skips them. Every problem names the file and line (of the CVR
 * or of the manifest row), the tabulator and the batch; the first 100 are reported.
 */
import { type Result, err, ok } from '@vigil/basics';
import type { CvrExport } from './dominion-cvr';
import type { Manifest, ManifestBatch } from './manifest';

/** How the export's batches are keyed: see the module comment. */
export type CvrFormat = 'dominion' | 'clearballot' | 'ess' | 'hart';

/** One mismatch between CVRs and manifest. */
export interface CvrManifestProblem {
  readonly type:
    | 'cvr-batch-not-in-manifest'
    | 'cvr-batch-count'
    | 'cvr-no-tabulator'
    | 'manifest-several-jurisdictions'
    | 'manifest-no-batches';
  /** The CVR file (unknown batch, no tabulator) or the manifest (count, jurisdictions). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly tabulator: string | null;
  readonly batch: string | null;
  readonly message: string;
}

/** A batch of the manifest with its CVRs counted. */
export interface MatchedBatch {
  readonly tabulator: string | null;
  readonly batch: string;
  readonly manifestBallots: number;
  readonly cvrBallots: number;
  /** The manifest's `CVR` column (hybrid audits), `null` without it. */
  readonly hasCvrs: boolean | null;
}

/** The CVRs and the manifest agree. */
export interface CvrManifestMatch {
  readonly jurisdiction: string;
  readonly batches: readonly MatchedBatch[];
  /** CVRs in batches the manifest marks `CVR: N`, ignored as Arlo ignores them. */
  readonly ignoredCvrs: number;
  /** Ballot index → index in {@link batches}, `-1` for an ignored CVR. */
  readonly batchOfBallot: Int32Array;
}

const MAX_PROBLEMS = 100;

/** Levenshtein distance, for "the closest match in the manifest" hints. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length] as number;
}

const describe = (tabulator: string | null, batch: string): string =>
  tabulator === null ? `batch "${batch}"` : `tabulator "${tabulator}", batch "${batch}"`;

/**
 * Matches every CVR to a batch of the manifest and checks each batch's count. `jurisdiction`
 * selects the manifest's rows when it covers several jurisdictions (a CVR export is one
 * jurisdiction's).
 */
export function matchCvrsToManifest(options: {
  readonly cvrs: CvrExport;
  readonly format: CvrFormat;
  readonly manifest: Manifest;
  readonly jurisdiction?: string;
}): Result<CvrManifestMatch, CvrManifestProblem[]> {
  const { cvrs, format, manifest } = options;
  const problems: CvrManifestProblem[] = [];
  const add = (problem: CvrManifestProblem): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  const batches: readonly ManifestBatch[] =
    options.jurisdiction === undefined
      ? manifest.batches
      : manifest.batches.filter((batch) => batch.key.jurisdiction === options.jurisdiction);
  const jurisdictions = [...new Set(batches.map((batch) => batch.key.jurisdiction))];
  if (jurisdictions.length !== 1) {
    add({
      type: jurisdictions.length === 0 ? 'manifest-no-batches' : 'manifest-several-jurisdictions',
      file: manifest.file,
      line: 1,
      column: 1,
      tabulator: null,
      batch: null,
      message:
        jurisdictions.length === 0
          ? `the manifest has no batches${options.jurisdiction === undefined ? '' : ` for jurisdiction "${options.jurisdiction}"`}`
          : `the manifest covers ${jurisdictions.length} jurisdictions (${jurisdictions.join(', ')}); a CVR export is one jurisdiction's: choose one`,
    });
    return err(problems);
  }

  // Hart keys by batch name alone unless the manifest's batch names repeat.
  const names = new Set<string>();
  let namesRepeat = false;
  for (const batch of batches) {
    if (names.has(batch.key.batch)) namesRepeat = true;
    names.add(batch.key.batch);
  }
  const byName = format === 'hart' && !namesRepeat;
  const keyOf = (tabulator: string | null, batch: string): string =>
    byName ? batch : `${tabulator === null ? '\u0000' : `${tabulator}\u0001`}${batch}`;
  const index = new Map<string, number>();
  batches.forEach((batch, position) =>
    index.set(keyOf(batch.key.tabulator, batch.key.batch), position),
  );

  const counts = new Float64Array(batches.length);
  const batchOfBallot = new Int32Array(cvrs.ballotCount);
  const unknown = new Map<string, { ballot: number; rows: number }>();
  let ignoredCvrs = 0;
  const where = (ballot: number): { file: string; line: number } => {
    const sources = cvrs.sources;
    if (sources === undefined) return { file: cvrs.file, line: 1 };
    return {
      file: sources.files[sources.file[ballot] as number] ?? cvrs.file,
      line: sources.line[ballot] as number,
    };
  };
  // Tabulator and batch strings repeat on every ballot; a one-entry cache spares the key building.
  let lastTabulator: string | undefined;
  let lastBatch: string | undefined;
  let lastPosition = -2;
  for (let ballot = 0; ballot < cvrs.ballotCount; ballot++) {
    const tabulator = cvrs.tabulator[ballot] as string;
    const batchName = cvrs.batch[ballot] as string;
    let position: number;
    if (tabulator === lastTabulator && batchName === lastBatch) position = lastPosition;
    else {
      if (format === 'hart' && !byName && tabulator === '') {
        batchOfBallot[ballot] = -1;
        add({
          type: 'cvr-no-tabulator',
          ...where(ballot),
          column: 1,
          tabulator: null,
          batch: batchName,
          message: `no tabulator for CVR ${cvrs.cvrNumber[ballot] ?? ''}: the manifest's batch names repeat, so tabulators are needed; give one ZIP file per tabulator, named after it, or the scanned ballot information CSVs`,
        });
        continue;
      }
      const key = keyOf(tabulator, batchName);
      position = index.get(key) ?? -1;
      lastTabulator = tabulator;
      lastBatch = batchName;
      lastPosition = position;
    }
    if (position < 0) {
      batchOfBallot[ballot] = -1;
      const key = `${tabulator}\u0001${batchName}`;
      const seen = unknown.get(key);
      if (seen === undefined) unknown.set(key, { ballot, rows: 1 });
      else seen.rows++;
      continue;
    }
    if ((batches[position] as ManifestBatch).hasCvrs === false) {
      ignoredCvrs++;
      batchOfBallot[ballot] = -1;
      continue;
    }
    batchOfBallot[ballot] = position;
    counts[position] = (counts[position] as number) + 1;
  }

  for (const { ballot, rows } of unknown.values()) {
    const tabulator = byName ? null : (cvrs.tabulator[ballot] as string);
    const batchName = cvrs.batch[ballot] as string;
    const wanted = byName ? batchName : `${tabulator ?? ''}, ${batchName}`;
    let closest: ManifestBatch | undefined;
    let best = Infinity;
    for (const candidate of batches) {
      const text = byName
        ? candidate.key.batch
        : `${candidate.key.tabulator ?? ''}, ${candidate.key.batch}`;
      const d = distance(wanted, text);
      if (d < best) {
        best = d;
        closest = candidate;
      }
    }
    const hint =
      closest === undefined
        ? ''
        : `; the closest in the manifest is ${describe(byName ? null : closest.key.tabulator, closest.key.batch)} (${manifest.file}:${closest.line})`;
    add({
      type: 'cvr-batch-not-in-manifest',
      ...where(ballot),
      column: 1,
      tabulator,
      batch: batchName,
      message: `${describe(tabulator, batchName)} (${rows} CVR${rows === 1 ? '' : 's'}) is not in the ballot manifest ${manifest.file}${hint}`,
    });
  }

  const matched: MatchedBatch[] = batches.map((batch, position) => ({
    tabulator: batch.key.tabulator,
    batch: batch.key.batch,
    manifestBallots: batch.ballots,
    cvrBallots: counts[position] as number,
    hasCvrs: batch.hasCvrs,
  }));
  batches.forEach((batch, position) => {
    const found = counts[position] as number;
    if (batch.hasCvrs === false || found === batch.ballots) return;
    add({
      type: 'cvr-batch-count',
      file: manifest.file,
      line: batch.line,
      column: 1,
      tabulator: batch.key.tabulator,
      batch: batch.key.batch,
      message: `${describe(batch.key.tabulator, batch.key.batch)}: the manifest lists ${batch.ballots} ballot${batch.ballots === 1 ? '' : 's'}, the CVR export has ${found}`,
    });
  });
  if (problems.length > 0) return err(problems);
  return ok({
    jurisdiction: jurisdictions[0] as string,
    batches: matched,
    ignoredCvrs,
    batchOfBallot,
  });
}
