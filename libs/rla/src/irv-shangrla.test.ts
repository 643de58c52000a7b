import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { assorterMargin, contestAssertions } from './assertions';
import { parseContest } from './contest';

const dir = join(import.meta.dirname, 'fixtures', 'shangrla');
const assertionsJson = JSON.parse(
  readFileSync(join(dir, 'SF2019Nov8Assertions.json'), 'utf8'),
) as unknown;
const rankings = JSON.parse(readFileSync(join(dir, 'sfda2019-pr12-rankings.json'), 'utf8')) as {
  cvrs: number;
  unranked: number;
  votes: { n: number; prefs: string[] }[];
};

// Known answers: pbstark/SHANGRLA examples/assertion-RLA.ipynb (commit 9d5db92), cell 20
// `Contest.print_margins` — the assorter margins of RAIRE's 13 assertions for the San Francisco
// District Attorney contest (339) of November 2019, computed by SHANGRLA over the 146,662 CVRs of
// SFDA2019_PrelimReport12VBMJustDASheets.raire with examples/data/SFDA2019/SF2019Nov8Assertions.json
// (fixtures/shangrla/: the assertion file as published, and the CVRs aggregated into their 65
// distinct rankings; 10,263 CVRs carry no ranking). SHANGRLA's margin is 2·mean − 1 of the
// assorter over the cards, ours the same from the rankings.
const SHANGRLA_MARGINS: [string, number][] = [
  ['18 v 17 elim 15 16 45', 0.045792366120740224],
  ['17 v 16 elim 15 18 45', 0.019902906001554532],
  ['15 v 18 elim 16 17 45', 0.028923647570604505],
  ['18 v 16 elim 15 17 45', 0.0830003681935334],
  ['17 v 16 elim 15 45', 0.058079120699294995],
  ['15 v 17 elim 16 45', 0.08064120222007065],
  ['15 v 17 elim 16 18 45', 0.10951712099930444],
  ['18 v 16 elim 15 45', 0.14875018750596603],
  ['15 v 16 elim 17 45', 0.13548158350492967],
  ['15 v 16 elim 17 18 45', 0.1365247985163165],
  ['15 v 16 elim 18 45', 0.16666893946625572],
  ['15 v 16 elim 45', 0.15626406294745743],
  ['15 v 45', 0.2956457705472446],
];

test("RAIRE assorter margins for San Francisco's 2019 DA contest equal SHANGRLA's", () => {
  expect(rankings.votes.reduce((sum, vote) => sum + vote.n, 0) + rankings.unranked).toBe(
    rankings.cvrs,
  );
  const contest = parseContest({
    name: '339',
    ballots: rankings.cvrs,
    winners: 1,
    irv: { raire: assertionsJson, votes: rankings.votes },
  });
  if (!contest.ok) throw new Error(JSON.stringify(contest.error));
  const assertions = contestAssertions(contest.value);
  expect(assertions).toHaveLength(SHANGRLA_MARGINS.length);
  // The same assertions in the same order: SHANGRLA's "w v l elim E" is our "w beats l when the
  // others continue".
  expect(assertions[1]?.name).toBe('17 beats 16 when {16, 17} continue (NEN)');
  expect(assertions[12]?.name).toBe('15 not eliminated before 45 (NEB)');
  const ours = assertions.map((assertion) => assorterMargin(assertion));
  SHANGRLA_MARGINS.forEach(([, margin], index) => {
    // Equal to the last printed digit (SHANGRLA prints Python's shortest repr).
    expect(ours[index]).toBeCloseTo(margin, 16);
  });
});
