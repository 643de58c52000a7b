import { readFileSync, readdirSync } from 'node:fs';
import { expect, test } from 'vitest';
import { sampleBallots } from './ballot-sample';
import answers from './fixtures/arlo-sampler-answers.json';
import { type Manifest, parseManifest } from './manifest';

const fixtures = new URL('../../../../shared/data/arlo-fixtures/', import.meta.url);

function manifestsOf(election: string): Manifest[] {
  const folder = new URL(`${election}/`, fixtures);
  return readdirSync(folder)
    .filter((file) => file.endsWith('ballot manifest.csv'))
    .sort()
    .map((file) => {
      const parsed = parseManifest({
        file,
        bytes: readFileSync(new URL(file, folder)),
        jurisdiction: file.split(' - ')[0],
      });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
      return parsed.value;
    });
}

// Known answers: fixtures/arlo-sampler-answers.json — ron-rivest/consistent_sampler `sampler()`
// with digits=18 over ids built exactly as Arlo builds them (server/api/shared.py
// compute_sample_ballots + audit_math/sampler.py draw_sample), for the manifests of Arlo's
// small and medium fixture elections, with and without replacement, round 1 and round 2.
test("draws from Arlo's fixture manifests equal Arlo's sampler", () => {
  for (const known of answers.manifestCases) {
    const drawn = sampleBallots({
      manifests: manifestsOf(known.election),
      seed: known.seed,
      size: known.take,
      previousDraws: known.drop,
      withReplacement: known.withReplacement,
      idFormat: 'arlo',
    });
    expect(drawn).toEqual({ ok: true, value: known.draws });
  }
});

test('draws with odd names (quotes, backslashes, tabs, non-ASCII) equal Arlo', () => {
  const manifest: Manifest = {
    file: 'odd.csv',
    encoding: 'utf-8',
    totalBallots: 9,
    batches: answers.oddNames.batches.map((batch, line) => ({
      key: { jurisdiction: batch.jurisdiction, tabulator: batch.tabulator, batch: batch.batch },
      container: null,
      ballots: batch.ballots,
      hasCvrs: null,
      line,
    })),
  };
  const drawn = sampleBallots({
    manifests: [manifest],
    seed: answers.oddNames.seed,
    size: 9,
    withReplacement: false,
    idFormat: 'arlo',
  });
  expect(drawn.ok && drawn.value.map((draw) => [draw.ticket, draw.batch, draw.position])).toEqual(
    answers.oddNames.draws.map((draw) => [draw.ticket, draw.batch, draw.position]),
  );
});

test('refuses a batch that two manifests both list', () => {
  const [first] = manifestsOf('small-election');
  const drawn = sampleBallots({
    manifests: [first as Manifest, first as Manifest],
    seed: 's',
    size: 1,
    withReplacement: true,
    idFormat: 'canonical',
  });
  expect(drawn.ok ? null : drawn.error.type).toBe('duplicate-batch-across-manifests');
});
