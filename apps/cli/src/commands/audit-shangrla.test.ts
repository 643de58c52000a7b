import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, test } from 'vitest';
import { runVigilInProcess } from '../run-vigil-in-process';

// Known answers computed by pbstark/SHANGRLA for San Francisco's 2019 District Attorney contest:
// libs/rla/src/fixtures/shangrla/README.md (provenance and the generating script) and
// libs/rla/src/irv-shangrla-audit.test.ts (the same numbers through the library).
const dir = new URL('../../../../libs/rla/src/fixtures/shangrla/', import.meta.url).pathname;
const read = (name: string): unknown => JSON.parse(readFileSync(join(dir, name), 'utf8'));
const rankings = read('sfda2019-pr12-rankings.json') as {
  cvrs: number;
  votes: { n: number; prefs: string[] }[];
};
const audits = read('sfda2019-audits.json') as {
  comparison: {
    cards: { cvr: string[] }[];
    scenarios: { mvr: Record<string, string[]>; pValues: number[]; finished: boolean }[];
  };
  polling: {
    sample: number[];
    configurations: { eta: string; pValues: number[]; finished: boolean }[];
  };
};
const scratch = mkdtempSync(join(tmpdir(), 'vigil-audit-shangrla-'));
const write = (name: string, value: unknown): string => {
  const file = join(scratch, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
};
const contest = write('sfda.json', {
  name: 'San Francisco District Attorney 2019',
  ballots: rankings.cvrs,
  winners: 1,
  irv: { votes: rankings.votes },
});
const raire = join(dir, 'SF2019Nov8Assertions.json');

afterEach(() => {
  process.exitCode = undefined;
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const expectSame = (ours: number[], theirs: number[]): void => {
  expect(ours).toHaveLength(theirs.length);
  ours.forEach((p, index) => {
    const expected = theirs[index] as number;
    expect(Math.abs(p - expected)).toBeLessThanOrEqual(1e-10 * expected);
  });
};

test("audit measure reproduces SHANGRLA's IRV comparison p-values (alpha-comparison, p2 = 1e-5)", async () => {
  const scenario = audits.comparison.scenarios[1];
  if (scenario === undefined) throw new Error('fixture without the notebook scenario');
  const sample = write('comparison.json', {
    ballots: audits.comparison.cards.map((card, index) => ({
      cvr: card.cvr,
      audited: scenario.mvr[String(index)] ?? card.cvr,
    })),
  });
  const measured = await runVigilInProcess([
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
    '--without-replacement',
    '--two-vote-rate',
    '1e-5',
    '--json',
  ]);
  const result = JSON.parse(measured.stdout) as {
    assertions: { pValue: number }[];
    finished: boolean;
  };
  expect(result.finished).toBe(scenario.finished);
  expect(measured.code).toBe(1);
  expectSame(
    result.assertions.map((assertion) => assertion.pValue),
    scenario.pValues,
  );
});

test("audit measure reproduces SHANGRLA's IRV polling p-values (alpha-polling, its default η)", async () => {
  const configuration = audits.polling.configurations[0];
  if (configuration?.eta !== 'default') throw new Error("fixture without SHANGRLA's default η");
  const sample = write('polling.json', {
    ballots: audits.polling.sample.map((index) => ({ votes: rankings.votes[index]?.prefs ?? [] })),
  });
  const measured = await runVigilInProcess([
    'audit',
    'measure',
    '--contest',
    contest,
    '--raire',
    raire,
    '--method',
    'alpha-polling',
    '--risk-limit',
    '0.05',
    '--sample',
    sample,
    '--without-replacement',
    '--polling-eta',
    'shangrla-default',
    '--json',
  ]);
  const result = JSON.parse(measured.stdout) as { assertions: { pValue: number }[] };
  expectSame(
    result.assertions.map((assertion) => assertion.pValue),
    configuration.pValues,
  );
});
