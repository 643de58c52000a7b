import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { optimalComparisonEta } from './alpha';
import { alphaComparisonRisk, alphaPollingRisk } from './alpha-audit';
import { assorterMargin, contestAssertions, overstatementUpperBound } from './assertions';
import { parseContest } from './contest';

// Known answers computed by pbstark/SHANGRLA (commit 9d5db92edf1b5405204ab5a9f10cce2a9331e913)
// for the San Francisco District Attorney contest of November 2019 (contest 339, 146,662 CVRs):
// fixtures/shangrla/sfda2019-audits.json, made by the script in fixtures/shangrla/README.md.
// - Comparison: examples/assertion-RLA.ipynb as published (seed 12345678901234567890, sim_seed
//   314159265, use_style, without replacement, alpha_mart with optimal_comparison, whose η uses
//   p2 = 1e-5 because the notebook sets no error_rate_2 on the test): the 369 cards SHANGRLA's
//   consistent sampling drew, in selection order, with their CVR rankings, and the p-value of
//   each of the 13 RAIRE assertions under three MVR scenarios — no errors; the notebook's own
//   (first 5 MVRs permuted with numpy seed 12345678); five hand-made discrepancies.
// - Polling: shangrla/core/run_shangrla_irv_bp_experiment.py's audit (alpha_mart, shrink_trunc,
//   N = 146,662) on the first 10,505 ballots of numpy.random.default_rng(20191105).permutation,
//   with SHANGRLA's default η₀ = u(1 − ε) and with η₀ = the reported assorter mean (ours).
// The ballots are stored as indices into sfda2019-pr12-rankings.json (the last index: unranked).
const dir = join(import.meta.dirname, 'fixtures', 'shangrla');
const read = (name: string): unknown => JSON.parse(readFileSync(join(dir, name), 'utf8'));
const rankings = read('sfda2019-pr12-rankings.json') as {
  cvrs: number;
  votes: { n: number; prefs: string[] }[];
};
interface Outcome {
  readonly pValues: number[];
  readonly finished: boolean;
}
const audits = read('sfda2019-audits.json') as {
  comparison: {
    sampleSize: number;
    N: number;
    riskLimit: number;
    assertions: { name: string; margin: number; u: number; eta: number }[];
    cards: { id: string; cvr: string[] }[];
    scenarios: (Outcome & { name: string; mvr: Record<string, string[]> })[];
  };
  polling: {
    N: number;
    riskLimit: number;
    sample: number[];
    configurations: (Outcome & { eta: 'default' | 'reported mean' })[];
  };
};
const contest = parseContest({
  name: '339',
  ballots: rankings.cvrs,
  winners: 1,
  irv: { raire: read('SF2019Nov8Assertions.json'), votes: rankings.votes },
});
if (!contest.ok) throw new Error(JSON.stringify(contest.error));
const assertions = contestAssertions(contest.value);

/** Equal to 1e-10 relative (0 and 1 exactly). */
function expectSame(ours: readonly number[], theirs: readonly number[]): void {
  expect(ours).toHaveLength(theirs.length);
  ours.forEach((p, index) => {
    const expected = theirs[index] as number;
    expect(Math.abs(p - expected), `assertion ${index}: ${p} vs ${expected}`).toBeLessThanOrEqual(
      1e-10 * expected,
    );
  });
}

test("the overstatement assorters' u and SHANGRLA's optimal_comparison η (p2 = 1e-5)", () => {
  expect(audits.comparison.N).toBe(rankings.cvrs);
  expect(audits.comparison.cards).toHaveLength(audits.comparison.sampleSize);
  expect(assertions).toHaveLength(audits.comparison.assertions.length);
  audits.comparison.assertions.forEach((known, index) => {
    const assertion = assertions[index];
    if (assertion === undefined) throw new Error(`no assertion ${index}`);
    expect(assorterMargin(assertion)).toBeCloseTo(known.margin, 15);
    const u = overstatementUpperBound(assertion);
    expect(u).toBeCloseTo(known.u, 14);
    expect(optimalComparisonEta(u, 1e-5)).toBeCloseTo(known.eta, 14);
  });
});

test.each(audits.comparison.scenarios.map((scenario) => [scenario.name, scenario] as const))(
  'ALPHA comparison on the cards SHANGRLA sampled, %s: every p-value and the decision',
  (_, scenario) => {
    const ballots = audits.comparison.cards.map((card, index) => ({
      cvr: card.cvr,
      audited: scenario.mvr[String(index)] ?? card.cvr,
    }));
    const risk = alphaComparisonRisk({
      contest: contest.value,
      riskLimit: audits.comparison.riskLimit,
      sample: { kind: 'ballots', ballots },
      withReplacement: false,
      twoVoteRate: 1e-5,
    });
    if (!risk.ok) throw new Error(JSON.stringify(risk.error));
    expectSame(
      risk.value.assertions.map((assertion) => assertion.pValue),
      scenario.pValues,
    );
    expect(risk.value.finished).toBe(scenario.finished);
  },
);

test('the scenarios cover a finished audit, an unfinished one and p = 1', () => {
  const scenarios = audits.comparison.scenarios;
  expect(scenarios.map((scenario) => scenario.finished)).toEqual([true, false, false]);
  expect(scenarios[1]?.pValues).toContain(1);
  expect(audits.polling.configurations.map((configuration) => configuration.finished)).toEqual([
    false,
    true,
  ]);
});

test.each(audits.polling.configurations.map((c) => [c.eta, c] as const))(
  'ALPHA polling (shrink-trunc) on 10,505 ballots, η₀ = %s: every p-value and the decision',
  (_, configuration) => {
    const ballots = audits.polling.sample.map((index) => rankings.votes[index]?.prefs ?? []);
    const risk = alphaPollingRisk({
      contest: contest.value,
      riskLimit: audits.polling.riskLimit,
      sample: { kind: 'ballots', ballots },
      withReplacement: false,
      eta: configuration.eta === 'default' ? 'shangrla-default' : 'reported-mean',
    });
    if (!risk.ok) throw new Error(JSON.stringify(risk.error));
    expectSame(
      risk.value.assertions.map((assertion) => assertion.pValue),
      configuration.pValues,
    );
    expect(risk.value.finished).toBe(configuration.finished);
  },
);
