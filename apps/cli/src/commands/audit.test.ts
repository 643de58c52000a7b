import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { runVigilInProcess } from '../run-vigil-in-process';
import answers from '../../../../libs/rla/src/fixtures/arlo-sampler-answers.json';

const fixtures = new URL('../../../../../shared/data/arlo-fixtures/', import.meta.url);
const fixture = (path: string): string => new URL(path, fixtures).pathname.replaceAll('%20', ' ');
const scratch = mkdtempSync(join(tmpdir(), 'vigil-audit-'));

/** Runs `vigil …` in-process, capturing stdout and stderr. */
const run = (...args: string[]) => runVigilInProcess(args);

afterEach(() => {
  process.exitCode = undefined;
});

// Known answers: libs/rla/src/fixtures/arlo-sampler-answers.json (ron-rivest/consistent_sampler
// over ids built as Arlo builds them) for Arlo's small fixture election.
test('audit sample --id-format arlo prints the draws Arlo draws, as one JSON document', async () => {
  const names = ['Kendall Park', 'Mount Olive', 'Siletz', 'Waurika', 'Worthington Hills'];
  const manifests = names.map((name) => {
    // A Jurisdiction column per file, so one command covers the whole election.
    const file = join(scratch, `${name}.csv`);
    const text = readFileSync(fixture(`small-election/${name} - ballot manifest.csv`), 'utf8');
    const lines = text.trim().split(/\r?\n/);
    writeFileSync(
      file,
      [`Jurisdiction,${lines[0]}`, ...lines.slice(1).map((line) => `${name},${line}`)].join('\n'),
    );
    return file;
  });
  for (const known of answers.manifestCases.filter(
    (entry) => entry.election === 'small-election',
  )) {
    const args = [
      'audit',
      'sample',
      '--seed',
      known.seed,
      '--size',
      String(known.take),
      '--id-format',
      'arlo',
      '--json',
    ];
    for (const file of manifests) args.push('--manifest', file);
    if (known.drop > 0) args.push('--previous-draws', String(known.drop));
    if (!known.withReplacement) args.push('--without-replacement');
    const result = await run(...args);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ draws: known.draws });
  }
});

test('a manifest without a Jurisdiction column takes --jurisdiction, else its file name', async () => {
  const file = fixture('small-election/Siletz - ballot manifest.csv');
  const named = await run(
    'audit',
    'sample',
    '--manifest',
    file,
    '--jurisdiction',
    'Siletz',
    '--seed',
    '1',
    '--size',
    '3',
    '--json',
  );
  const unnamed = await run(
    'audit',
    'sample',
    '--manifest',
    file,
    '--seed',
    '1',
    '--size',
    '3',
    '--json',
  );
  const parse = (text: string) =>
    JSON.parse(text) as { draws: { jurisdiction: string; tabulator: string | null }[] };
  expect(parse(named.stdout).draws.map((draw) => draw.jurisdiction)).toEqual([
    'Siletz',
    'Siletz',
    'Siletz',
  ]);
  expect(parse(unnamed.stdout).draws.map((draw) => draw.jurisdiction)).toEqual(
    Array(3).fill('Siletz - ballot manifest'),
  );
  const table = await run(
    'audit',
    'sample',
    '--manifest',
    file,
    '--jurisdiction',
    'Siletz',
    '--seed',
    '1',
    '--size',
    '3',
  );
  expect(table.code).toBe(0);
  expect(table.stdout.split('\n')[0]).toMatch(
    /^ticket +jurisdiction +tabulator +batch +position +generation$/,
  );
});

test('bad input exits 2 with every problem located, and JSON errors under --json', async () => {
  const file = join(scratch, 'bad.csv');
  writeFileSync(file, 'Batch Name,Number of Ballots\nA,x\nB,\n');
  const result = await run(
    'audit',
    'sample',
    '--manifest',
    file,
    '--seed',
    '1',
    '--size',
    '3',
    '--json',
  );
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`${file}:2:3:`);
  expect(result.stderr).toContain(`${file}:3:3:`);
  expect(JSON.parse(result.stdout)).toMatchObject({
    errors: [
      { line: 2, column: 3 },
      { line: 3, column: 3 },
    ],
  });

  const small = fixture('small-election/Mount Olive - ballot manifest.csv');
  const tooMany = await run(
    'audit',
    'sample',
    '--manifest',
    small,
    '--seed',
    '1',
    '--size',
    '100',
    '--without-replacement',
  );
  expect(tooMany.code).toBe(2);
  expect(tooMany.stderr).toContain('cannot draw 100 ballots without replacement from 31');
  expect(
    (await run('audit', 'sample', '--manifest', small, '--seed', '1', '--size', '0')).code,
  ).toBe(2);
  expect(
    (
      await run(
        'audit',
        'sample',
        '--manifest',
        small,
        '--seed',
        '1',
        '--size',
        '2',
        '--id-format',
        'x',
      )
    ).code,
  ).toBe(2);
  expect(
    (
      await run(
        'audit',
        'sample',
        '--manifest',
        join(scratch, 'missing.csv'),
        '--seed',
        '1',
        '--size',
        '2',
      )
    ).code,
  ).toBe(2);
  expect(
    (await run('audit', 'sample', '--manifest', small, '--seed', ' ', '--size', '2')).code,
  ).toBe(2);
});

function writeJson(name: string, value: unknown): string {
  const file = join(scratch, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

// Known answers: votingworks/arlo server/tests/audit_math/test_bravo.py (`test1`, risk limit 10 %)
// and test_supersimple.py (`Contest A`: 27 ballots at 10 %).
test("audit sample-size prints Arlo's BRAVO options and super-simple size", async () => {
  const test1 = writeJson('test1.json', {
    name: 'test1',
    ballots: 1000,
    winners: 1,
    choices: { cand1: 600, cand2: 400 },
  });
  const bravo = await run(
    'audit',
    'sample-size',
    '--contest',
    test1,
    '--method',
    'bravo',
    '--risk-limit',
    '0.1',
    '--json',
  );
  expect(bravo.code).toBe(0);
  expect(JSON.parse(bravo.stdout)).toEqual({
    contest: 'test1',
    riskLimit: 0.1,
    method: 'bravo',
    size: 351,
    options: [
      { key: 'asn', size: 119, prob: 0.52 },
      { key: '0.7', size: 184, prob: 0.7 },
      { key: '0.8', size: 244, prob: 0.8 },
      { key: '0.9', size: 351, prob: 0.9 },
    ],
  });
  const contestA = writeJson('a.json', {
    name: 'Contest A',
    ballots: 100000,
    winners: 1,
    choices: { winner: 60000, loser: 40000 },
  });
  const km = await run(
    'audit',
    'sample-size',
    '--contest',
    contestA,
    '--method',
    'kaplan-markov',
    '--risk-limit',
    '0.1',
    '--json',
  );
  expect(JSON.parse(km.stdout)).toEqual({
    contest: 'Contest A',
    riskLimit: 0.1,
    method: 'kaplan-markov',
    size: 27,
  });
  // Arlo's o1_stopping_size for Contest A after one one-vote overstatement in 27 ballots: 38.
  const afterOne = writeJson('a-sample.json', { sampled: 27, o1: 1 });
  const next = await run(
    'audit',
    'sample-size',
    '--contest',
    contestA,
    '--method',
    'kaplan-markov',
    '--risk-limit',
    '0.1',
    '--sample',
    afterOne,
    '--json',
  );
  expect(JSON.parse(next.stdout)).toMatchObject({ size: 38 - 27 });
  const alpha = await run(
    'audit',
    'sample-size',
    '--contest',
    contestA,
    '--method',
    'alpha-comparison',
    '--risk-limit',
    '0.1',
    '--simulations',
    '50',
    '--json',
  );
  expect(JSON.parse(alpha.stdout)).toMatchObject({
    method: 'alpha-comparison',
    simulation: { simulations: 50, quantile: 0.9, seed: 'vigil' },
  });
  const human = await run(
    'audit',
    'sample-size',
    '--contest',
    test1,
    '--method',
    'bravo',
    '--risk-limit',
    '0.1',
  );
  expect(human.stdout).toContain('test1: bravo sample size 351 at risk limit 0.1');
});

test('audit measure reports each assertion, exits 0 when the risk limit is met and 1 when not', async () => {
  const mayor = writeJson('mayor.json', {
    name: 'Mayor',
    ballots: 10000,
    winners: 1,
    choices: { Alice: 5500, Bob: 4500 },
  });
  const good = writeJson('good.json', { counts: { Alice: 120, Bob: 80 }, ballotsSampled: 200 });
  const close = writeJson('close.json', {
    ballots: [{ votes: ['Alice'] }, { votes: ['Bob'] }, { votes: null }],
  });
  const met = await run(
    'audit',
    'measure',
    '--contest',
    mayor,
    '--method',
    'bravo',
    '--risk-limit',
    '0.05',
    '--sample',
    good,
    '--json',
  );
  expect(met.code).toBe(0);
  const document = JSON.parse(met.stdout) as {
    assertions: { assertion: string; pValue: number }[];
    finished: boolean;
    pValue: number;
  };
  expect(document.assertions[0]?.assertion).toBe('Alice beats Bob');
  // BRAVO: T = (0.55/0.5)^120 · (0.45/0.5)^80.
  expect(document.pValue).toBeCloseTo(1 / (1.1 ** 120 * 0.9 ** 80), 12);
  expect(document.finished).toBe(true);
  for (const method of ['bravo', 'alpha-polling']) {
    const notMet = await run(
      'audit',
      'measure',
      '--contest',
      mayor,
      '--method',
      method,
      '--risk-limit',
      '0.05',
      '--sample',
      close,
    );
    expect(notMet.code).toBe(1);
    expect(notMet.stdout).toContain('not met');
  }
  const comparison = writeJson('comparison.json', {
    ballots: Array.from({ length: 70 }, () => ({ cvr: ['Alice'], audited: ['Alice'] })),
  });
  for (const method of ['kaplan-markov', 'alpha-comparison']) {
    const result = await run(
      'audit',
      'measure',
      '--contest',
      mayor,
      '--method',
      method,
      '--risk-limit',
      '0.05',
      '--sample',
      comparison,
      '--json',
    );
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { finished: boolean }).finished).toBe(true);
  }
  // A polling sample given to a comparison method is bad input.
  const wrong = await run(
    'audit',
    'measure',
    '--contest',
    mayor,
    '--method',
    'kaplan-markov',
    '--risk-limit',
    '0.05',
    '--sample',
    good,
  );
  expect(wrong.code).toBe(2);
});

test('audit plan compares every method side by side', async () => {
  const mayor = writeJson('plan.json', {
    name: 'Mayor',
    ballots: 10000,
    winners: 1,
    choices: { Alice: 5500, Bob: 4500 },
  });
  const plan = await run(
    'audit',
    'plan',
    '--contest',
    mayor,
    '--risk-limit',
    '0.05',
    '--simulations',
    '40',
    '--json',
  );
  expect(plan.code).toBe(0);
  const document = JSON.parse(plan.stdout) as {
    methods: { method: string; kind: string; size: number }[];
    dilutedMargin: number;
  };
  expect(document.dilutedMargin).toBe(0.1);
  expect(document.methods.map((entry) => [entry.method, entry.kind])).toEqual([
    ['bravo', 'polling'],
    ['alpha-polling', 'polling'],
    ['kaplan-markov', 'comparison'],
    ['alpha-comparison', 'comparison'],
  ]);
  const sizes = Object.fromEntries(document.methods.map((entry) => [entry.method, entry.size]));
  expect(sizes['kaplan-markov']).toBe(68);
  expect(sizes['alpha-comparison']).toBeLessThan(sizes['kaplan-markov'] as number);
  const table = await run(
    'audit',
    'plan',
    '--contest',
    mayor,
    '--risk-limit',
    '0.05',
    '--simulations',
    '40',
  );
  expect(table.stdout).toMatch(/kaplan-markov +comparison +68/);
});

test('bad contests, samples and options exit 2 with located problems', async () => {
  const bad = writeJson('bad-contest.json', {
    name: 'X',
    ballots: 0,
    winners: 1,
    choices: { A: -1 },
  });
  const result = await run('audit', 'plan', '--contest', bad, '--risk-limit', '0.05', '--json');
  expect(result.code).toBe(2);
  expect(JSON.parse(result.stdout)).toMatchObject({
    errors: [{ path: '$.ballots' }, { path: '$.choices["A"]' }],
  });
  const notJson = join(scratch, 'not.json');
  writeFileSync(notJson, '{');
  expect((await run('audit', 'plan', '--contest', notJson, '--risk-limit', '0.05')).code).toBe(2);
  const mayor = writeJson('m2.json', {
    name: 'Mayor',
    ballots: 100,
    winners: 1,
    choices: { Alice: 55, Bob: 45 },
  });
  expect((await run('audit', 'plan', '--contest', mayor, '--risk-limit', '1.5')).code).toBe(2);
  expect(
    (
      await run(
        'audit',
        'sample-size',
        '--contest',
        mayor,
        '--method',
        'macro',
        '--risk-limit',
        '0.05',
      )
    ).code,
  ).toBe(2);
  const sample = writeJson('s.json', { counts: { Alice: 1 }, ballotsSampled: 1 });
  expect(
    (
      await run(
        'audit',
        'sample-size',
        '--contest',
        mayor,
        '--method',
        'alpha-polling',
        '--risk-limit',
        '0.05',
        '--sample',
        sample,
      )
    ).code,
  ).toBe(2);
  const badSample = writeJson('bad-sample.json', { counts: { Alice: -1 } });
  const measured = await run(
    'audit',
    'measure',
    '--contest',
    mayor,
    '--method',
    'bravo',
    '--risk-limit',
    '0.05',
    '--sample',
    badSample,
  );
  expect(measured.code).toBe(2);
  expect(measured.stderr).toContain('$.counts["Alice"]');
  const solo = writeJson('solo.json', {
    name: 'Solo',
    ballots: 10,
    winners: 1,
    choices: { A: 10 },
  });
  expect(
    (
      await run(
        'audit',
        'sample-size',
        '--contest',
        solo,
        '--method',
        'bravo',
        '--risk-limit',
        '0.05',
      )
    ).code,
  ).toBe(2);
});

// Known answers: votingworks/arlo server/tests/audit_math/test_macro.py — Contest A over 400
// batches (200 of 400 ballots, 200 of 200): first-round size 30 at risk limit 25 %, and
// p = (20/21)^30 after 30 clean batches.
test('MACRO: sample-size, sample-batches and measure over manifests and batch tallies', async () => {
  const manifest = ['Batch Name,Number of Ballots'];
  const tallies = ['Batch Name,winner,loser'];
  for (let i = 0; i < 200; i++) {
    manifest.push(`Batch ${i},400`, `Batch ${i} AV,200`);
    tallies.push(`Batch ${i},200,180`, `Batch ${i} AV,100,90`);
  }
  const manifestFile = join(scratch, 'macro-manifest.csv');
  const talliesFile = join(scratch, 'macro-tallies.csv');
  writeFileSync(manifestFile, manifest.join('\n'));
  writeFileSync(talliesFile, tallies.join('\n'));
  const contest = writeJson('macro-contest.json', {
    name: 'Contest A',
    ballots: 120000,
    winners: 1,
    choices: { winner: 60000, loser: 54000 },
  });
  const inputs = [
    '--contest',
    contest,
    '--manifest',
    manifestFile,
    '--batch-tallies',
    talliesFile,
    '--jurisdiction',
    'J',
  ];
  const size = await run(
    'audit',
    'sample-size',
    ...inputs,
    '--method',
    'macro',
    '--risk-limit',
    '0.25',
    '--json',
  );
  expect(size.code).toBe(0);
  expect(JSON.parse(size.stdout)).toMatchObject({ method: 'macro', size: 30 });

  const drawn = await run(
    'audit',
    'sample-batches',
    ...inputs,
    '--seed',
    'macro seed',
    '--size',
    '5',
    '--json',
  );
  expect(drawn.code).toBe(0);
  const draws = (
    JSON.parse(drawn.stdout) as {
      draws: { draw: number; jurisdiction: string; batch: string; tabulator: null }[];
    }
  ).draws;
  expect(draws.map((draw) => draw.draw)).toEqual([1, 2, 3, 4, 5]);
  const again = await run(
    'audit',
    'sample-batches',
    ...inputs,
    '--seed',
    'macro seed',
    '--size',
    '2',
    '--previous-draws',
    '3',
    '--json',
  );
  expect((JSON.parse(again.stdout) as { draws: unknown[] }).draws).toEqual(draws.slice(3));

  const sample = writeJson('macro-sample.json', {
    batches: Array.from({ length: 30 }, (_, i) => ({
      ticket: `0.${String(i).padStart(3, '0')}`,
      jurisdiction: 'J',
      tabulator: null,
      batch: `Batch ${i}`,
      audited: { winner: 200, loser: 180 },
    })),
  });
  const measured = await run(
    'audit',
    'measure',
    ...inputs,
    '--method',
    'macro',
    '--risk-limit',
    '0.25',
    '--sample',
    sample,
    '--json',
  );
  expect(measured.code).toBe(0);
  expect((JSON.parse(measured.stdout) as { pValue: number }).pValue).toBeCloseTo(
    (20 / 21) ** 30,
    10,
  );
  // Batch 0 was audited together with the unsampled Batch 0 AV (Arlo's combined batches): its
  // tally covers both, so it matches their summed reported tallies and the risk is unchanged.
  const combined = writeJson('macro-combined.json', {
    batches: Array.from({ length: 30 }, (_, i) => ({
      ticket: `0.${String(i).padStart(3, '0')}`,
      jurisdiction: 'J',
      tabulator: null,
      batch: `Batch ${i}`,
      audited: i === 0 ? { winner: 300, loser: 270 } : { winner: 200, loser: 180 },
    })),
    combinedBatches: [
      [
        { jurisdiction: 'J', tabulator: null, batch: 'Batch 0' },
        { jurisdiction: 'J', tabulator: null, batch: 'Batch 0 AV' },
      ],
    ],
  });
  const measuredCombined = await run(
    'audit',
    'measure',
    ...inputs,
    '--method',
    'macro',
    '--risk-limit',
    '0.25',
    '--sample',
    combined,
    '--json',
  );
  expect(measuredCombined.code).toBe(0);
  expect((JSON.parse(measuredCombined.stdout) as { pValue: number }).pValue).toBeCloseTo(
    (20 / 21) ** 30,
    10,
  );
  const missing = await run(
    'audit',
    'sample-size',
    '--contest',
    contest,
    '--method',
    'macro',
    '--risk-limit',
    '0.25',
  );
  expect(missing.code).toBe(2);
  const unknown = writeJson('macro-unknown.json', {
    batches: [{ ticket: '0.1', jurisdiction: 'J', tabulator: null, batch: 'Nope', audited: null }],
  });
  expect(
    (
      await run(
        'audit',
        'measure',
        ...inputs,
        '--method',
        'macro',
        '--risk-limit',
        '0.25',
        '--sample',
        unknown,
      )
    ).code,
  ).toBe(2);
});

test('a supermajority contest is audited by the ALPHA methods only', async () => {
  const measure = writeJson('measure-2-3.json', {
    name: 'Measure',
    ballots: 10000,
    winners: 1,
    choices: { Yes: 7500, No: 2000 },
    supermajority: 2 / 3,
  });
  const refused = await run(
    'audit',
    'sample-size',
    '--contest',
    measure,
    '--method',
    'bravo',
    '--risk-limit',
    '0.05',
  );
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('supermajority');
  const plan = await run(
    'audit',
    'plan',
    '--contest',
    measure,
    '--risk-limit',
    '0.05',
    '--simulations',
    '30',
    '--json',
  );
  expect(plan.code).toBe(0);
  expect(
    (JSON.parse(plan.stdout) as { methods: { method: string }[] }).methods.map(
      (entry) => entry.method,
    ),
  ).toEqual(['alpha-polling', 'alpha-comparison']);
  const sample = writeJson('measure-sample.json', {
    counts: { Yes: 300, No: 60 },
    ballotsSampled: 400,
  });
  const measured = await run(
    'audit',
    'measure',
    '--contest',
    measure,
    '--method',
    'alpha-polling',
    '--risk-limit',
    '0.05',
    '--sample',
    sample,
    '--json',
  );
  expect(measured.code).toBe(0);
  expect(
    (JSON.parse(measured.stdout) as { assertions: { assertion: string }[] }).assertions[0]
      ?.assertion,
  ).toMatch(/^Yes wins more than 0\.66/);
});

// RAIRE's guide example (raire-rs WebContent/example_assertions/a_guide_to_RAIRE_eg_guide.json
// and example_input/…): 13,500 ranked ballots, Chuan wins; the smallest margin is 500 ballots.
test('an IRV contest with RAIRE assertions: plan, sample-size and measure with --raire', async () => {
  const raire = writeJson('guide-assertions.json', {
    metadata: { candidates: ['Alice', 'Bob', 'Chuan', 'Diego'] },
    solution: {
      Ok: {
        assertions: [
          { assertion: { type: 'NEB', winner: 2, loser: 1 }, difficulty: 3.375 },
          { assertion: { type: 'NEN', winner: 2, loser: 0, continuing: [0, 2] }, difficulty: 27 },
          {
            assertion: { type: 'NEN', winner: 2, loser: 3, continuing: [0, 2, 3] },
            difficulty: 5.4,
          },
          {
            assertion: { type: 'NEN', winner: 0, loser: 3, continuing: [0, 2, 3] },
            difficulty: 27,
          },
          {
            assertion: { type: 'NEN', winner: 0, loser: 1, continuing: [0, 1, 2, 3] },
            difficulty: 4.5,
          },
        ],
        difficulty: 27,
        winner: 2,
        num_candidates: 4,
      },
    },
  });
  const contest = writeJson('guide-contest.json', {
    name: 'Guide',
    ballots: 13500,
    winners: 1,
    irv: {
      votes: [
        { n: 5000, prefs: ['Chuan', 'Bob', 'Alice'] },
        { n: 1000, prefs: ['Bob', 'Chuan', 'Diego'] },
        { n: 1500, prefs: ['Diego', 'Alice'] },
        { n: 4000, prefs: ['Alice', 'Diego'] },
        { n: 2000, prefs: ['Diego'] },
      ],
    },
  });
  const plan = await run(
    'audit',
    'plan',
    '--contest',
    contest,
    '--raire',
    raire,
    '--risk-limit',
    '0.05',
    '--simulations',
    '50',
    '--json',
  );
  expect(plan.code).toBe(0);
  const planned = JSON.parse(plan.stdout) as {
    dilutedMargin: number;
    methods: { method: string; size: number }[];
  };
  expect(planned.dilutedMargin).toBe(500 / 13500);
  expect(planned.methods.map((entry) => entry.method)).toEqual([
    'alpha-polling',
    'alpha-comparison',
  ]);
  const refused = await run(
    'audit',
    'sample-size',
    '--contest',
    contest,
    '--raire',
    raire,
    '--method',
    'kaplan-markov',
    '--risk-limit',
    '0.05',
  );
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('IRV');
  // 200 clean ballots (CVR = paper): every overstatement assorter value is the clean one.
  const clean = ['Chuan', 'Bob', 'Alice'];
  const sample = writeJson('guide-sample.json', {
    ballots: Array.from({ length: 200 }, () => ({ cvr: clean, audited: clean })),
  });
  const measured = await run(
    'audit',
    'measure',
    '--contest',
    contest,
    '--raire',
    raire,
    '--method',
    'alpha-comparison',
    '--risk-limit',
    '0.05',
    '--sample',
    sample,
    '--json',
  );
  expect(measured.code).toBe(0);
  const result = JSON.parse(measured.stdout) as {
    assertions: { assertion: string; pValue: number }[];
    finished: boolean;
  };
  expect(result.assertions).toHaveLength(5);
  expect(result.finished).toBe(true);
  // A missing assertion: the file no longer implies Chuan; refused with the path and the order.
  const truncated = writeJson('guide-truncated.json', {
    ...(JSON.parse(readFileSync(raire, 'utf8')) as object),
    solution: {
      Ok: {
        winner: 2,
        assertions: [{ assertion: { type: 'NEB', winner: 2, loser: 1 } }],
      },
    },
  });
  const incomplete = await run(
    'audit',
    'plan',
    '--contest',
    contest,
    '--raire',
    truncated,
    '--risk-limit',
    '0.05',
  );
  expect(incomplete.code).toBe(2);
  expect(incomplete.stderr).toMatch(/\$\.irv\.raire: the assertions do not imply that Chuan wins/);
});

test('a runoff-threshold contest is audited by the ALPHA methods only', async () => {
  const president = writeJson('runoff.json', {
    name: 'President',
    ballots: 10000,
    winners: 2,
    choices: { A: 4500, B: 3500, C: 1600 },
    runoffThreshold: 0.5,
  });
  const refused = await run(
    'audit',
    'sample-size',
    '--contest',
    president,
    '--method',
    'bravo',
    '--risk-limit',
    '0.05',
  );
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('runoff threshold');
  const plan = await run(
    'audit',
    'plan',
    '--contest',
    president,
    '--risk-limit',
    '0.05',
    '--simulations',
    '30',
    '--json',
  );
  expect(plan.code).toBe(0);
  expect(
    (JSON.parse(plan.stdout) as { methods: { method: string }[] }).methods.map((m) => m.method),
  ).toEqual(['alpha-polling', 'alpha-comparison']);
  const wrong = writeJson('runoff-wrong.json', {
    name: 'President',
    ballots: 10000,
    winners: 1,
    choices: { A: 4500, B: 3500, C: 1600 },
    runoffThreshold: 0.5,
  });
  const refusedFile = await run('audit', 'plan', '--contest', wrong, '--risk-limit', '0.05');
  expect(refusedFile.code).toBe(2);
  expect(refusedFile.stderr).toContain(
    '$.winners: A has 4500 of 9600 valid votes, not more than 0.5',
  );
});

// Argentina's rule (Constitution arts. 97–98): more than 45 %, or at least 40 % with a lead of
// more than 10 points. A 4,200 of 9,600 valid votes (43.75 %) with a 1,200-vote lead (> 960).
test('a compound runoff rule is audited as its assertions by the ALPHA methods', async () => {
  const president = writeJson('argentina.json', {
    name: 'President',
    ballots: 10000,
    winners: 1,
    choices: { A: 4200, B: 3000, C: 2400 },
    runoffRule: [
      { share: { moreThan: 0.45 } },
      { share: { atLeast: 0.4 }, lead: { moreThan: 0.1 } },
    ],
  });
  const refused = await run(
    'audit',
    'sample-size',
    '--contest',
    president,
    '--method',
    'kaplan-markov',
    '--risk-limit',
    '0.05',
  );
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('does not check a runoff rule');
  // A sample of 6,000 ballots (200 blank) in which A leads clearly.
  const sample = writeJson('argentina-sample.json', {
    counts: { A: 3000, B: 1500, C: 1300 },
    ballotsSampled: 6000,
  });
  const measured = await run(
    'audit',
    'measure',
    '--contest',
    president,
    '--method',
    'alpha-polling',
    '--risk-limit',
    '0.05',
    '--sample',
    sample,
    '--json',
  );
  expect(measured.code).toBe(0);
  const result = JSON.parse(measured.stdout) as { assertions: { assertion: string }[] };
  expect(result.assertions.map((entry) => entry.assertion)).toEqual([
    'A wins at least 0.4 of valid votes (no runoff)',
    'A leads B by more than 0.1 of valid votes (no runoff)',
    'A leads C by more than 0.1 of valid votes (no runoff)',
  ]);
  const wrong = writeJson('argentina-wrong.json', {
    name: 'President',
    ballots: 10000,
    winners: 1,
    choices: { A: 4300, B: 3500, C: 1800 },
    runoffRule: [
      { share: { moreThan: 0.45 } },
      { share: { atLeast: 0.4 }, lead: { moreThan: 0.1 } },
    ],
  });
  const refusedFile = await run('audit', 'plan', '--contest', wrong, '--risk-limit', '0.05');
  expect(refusedFile.code).toBe(2);
  expect(refusedFile.stderr).toContain(
    '$.winners: A has 4300 of 9600 valid votes, not more than 0.45 of valid votes; or at least 0.4 of valid votes and a lead of more than 0.1 of valid votes over the runner-up: the top two go to a runoff (winners: 2)',
  );
  const bad = writeJson('argentina-bad.json', {
    name: 'President',
    ballots: 10000,
    winners: 1,
    choices: { A: 4200, B: 3000, C: 2400 },
    runoffRule: [{ share: { over: 0.45 } }],
  });
  const badFile = await run('audit', 'plan', '--contest', bad, '--risk-limit', '0.05');
  expect(badFile.code).toBe(2);
  expect(badFile.stderr).toContain('$.runoffRule[0].share: expected {"moreThan": x}');
});
