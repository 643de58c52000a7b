import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { alphaComparisonRisk, alphaPollingRisk, alphaSampleSize } from './alpha-audit';
import { contestAssertions } from './assertions';
import { buildContest, parseContest } from './contest';
import {
  type IrvAssertion,
  type RankedVotes,
  checkIrvCompleteness,
  irvAssort,
  irvTallies,
  parseRaireAssertions,
} from './irv';

const fixtures = join(import.meta.dirname, 'fixtures', 'raire');
const readJson = (name: string): unknown => JSON.parse(readFileSync(join(fixtures, name), 'utf8'));

/** raire-rs input with candidate indices turned into names. */
function namedVotes(input: unknown): RankedVotes[] {
  const document = input as {
    metadata: { candidates: string[] };
    votes: { n: number; prefs: number[] }[];
  };
  return document.votes.map((vote) => ({
    n: vote.n,
    prefs: vote.prefs.map((index) => document.metadata.candidates[index] as string),
  }));
}

// Source: pbstark/SHANGRLA tests/core/test_CVR.py `test_rcv_lfunc_wo` and `test_rcv_votefor_cand`
// (CVR {"Alice": 1, "Bob": 2, "Candy": 3, "Dan": '', "Ross": 4, "Aaron": 5}: Dan unranked).
test('SHANGRLA: who a ranking counts for, NEB (winner only) and NEN (among the remaining)', () => {
  const ranking = ['Alice', 'Bob', 'Candy', 'Ross', 'Aaron'];
  const neb = (winner: string, loser: string): IrvAssertion => ({
    kind: 'NEB',
    winner,
    loser,
    continuing: [],
    margin: null,
  });
  // rcv_lfunc_wo(Bob, Alice) == 1, (Alice, Candy) == 0, (Dan, Candy) == 1: a vote for the loser.
  // Neither Bob nor Dan is first, so these assort to 0; Alice first and Candy after her: 1.
  expect(irvAssort(neb('Bob', 'Alice'), ranking)).toBe(0);
  expect(irvAssort(neb('Alice', 'Candy'), ranking)).toBe(1);
  expect(irvAssort(neb('Dan', 'Candy'), ranking)).toBe(0);
  const nen = (winner: string, loser: string, continuing: string[]): IrvAssertion => ({
    kind: 'NEN',
    winner,
    loser,
    continuing,
    margin: null,
  });
  // remaining [Bob, Dan, Aaron, Candy]: votes for Bob only.
  const remaining = ['Bob', 'Dan', 'Aaron', 'Candy'];
  expect(irvAssort(nen('Bob', 'Candy', remaining), ranking)).toBe(1);
  expect(irvAssort(nen('Candy', 'Bob', remaining), ranking)).toBe(0);
  expect(irvAssort(nen('Aaron', 'Dan', remaining), ranking)).toBe(0.5);
  // remaining [Dan, Aaron, Candy]: votes for Candy only.
  expect(irvAssort(nen('Candy', 'Aaron', ['Dan', 'Aaron', 'Candy']), ranking)).toBe(1);
  expect(irvAssort(nen('Aaron', 'Candy', ['Dan', 'Aaron', 'Candy']), ranking)).toBe(0);
});

// Source: pbstark/SHANGRLA tests/core/test_Assertion.py `test_rcv_assorter`, over
// tests/core/data/334_361_vbm.json (the assertions used there, in SHANGRLA's JSON shape; the
// candidates are the winner and the eliminated, as the test builds them).
test("SHANGRLA's IRV assorter known answers (contests 334 and 361)", () => {
  const file = {
    audits: [
      {
        contest: '334',
        winner: '4',
        eliminated: ['47', '6', '3', '5', '2', '1'],
        assertions: [
          { winner: '5', loser: '47', already_eliminated: '', assertion_type: 'WINNER_ONLY' },
          {
            winner: '5',
            loser: '3',
            already_eliminated: ['1', '6', '47'],
            assertion_type: 'IRV_ELIMINATION',
          },
        ],
      },
      {
        contest: '361',
        winner: '27',
        eliminated: ['50', '28', '26'],
        assertions: [
          { winner: '28', loser: '50', already_eliminated: '', assertion_type: 'WINNER_ONLY' },
          {
            winner: '27',
            loser: '26',
            already_eliminated: ['28', '50'],
            assertion_type: 'IRV_ELIMINATION',
          },
        ],
      },
    ],
  };
  const of = (contest: string) => {
    const parsed = parseRaireAssertions(file, { contest });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    return parsed.value.assertions;
  };
  const [wo334, elim334] = of('334') as [IrvAssertion, IrvAssertion];
  expect(elim334.continuing).toEqual(['4', '3', '5', '2']);
  const cases334: [IrvAssertion, string[], number][] = [
    [wo334, ['5', '47'], 1],
    [wo334, ['47', '5'], 0],
    [wo334, ['3', '6'], 0.5],
    [wo334, ['3', '47'], 0],
    [wo334, ['3', '5'], 0.5],
    [elim334, ['5', '47'], 1],
    [elim334, ['47', '5'], 1],
    [elim334, ['6', '1', '3', '5'], 0],
    [elim334, ['3', '47'], 0],
    [elim334, [], 0.5],
    [elim334, ['6', '47'], 0.5],
    [elim334, ['6', '47', '5'], 1],
  ];
  const [wo361, elim361] = of('361') as [IrvAssertion, IrvAssertion];
  const cases361: [IrvAssertion, string[], number][] = [
    [wo361, ['28', '50'], 1],
    [wo361, ['28'], 1],
    [wo361, ['50'], 0],
    [wo361, ['27', '28'], 0.5],
    [wo361, ['50', '28'], 0],
    [wo361, ['27', '26'], 0.5],
    [wo361, [], 0.5],
    [elim361, ['27'], 1],
    [elim361, ['50', '27'], 1],
    [elim361, ['28', '50', '27'], 1],
    [elim361, ['28', '27', '50'], 1],
    [elim361, ['26'], 0],
    [elim361, ['50', '26'], 0],
    [elim361, ['28', '50', '26'], 0],
    [elim361, ['28', '26', '50'], 0],
    [elim361, ['50'], 0.5],
    [elim361, [], 0.5],
    [elim361, ['50', '28'], 0.5],
    [elim361, ['28', '50'], 0.5],
  ];
  for (const [assertion, ranking, expected] of [...cases334, ...cases361])
    expect([assertion.winner, assertion.loser, ranking, irvAssort(assertion, ranking)]).toEqual([
      assertion.winner,
      assertion.loser,
      ranking,
      expected,
    ]);
  // Several audits and no contest of that name: refused with the list.
  const none = parseRaireAssertions(file, { contest: 'Mayor' });
  expect(none.ok ? '' : none.error[0]?.message).toContain('"334", "361"');
});

// Source: DemocracyDevelopers/raire-rs raire/tests/test_guide_to_raire_examples.rs and
// WebContent/example_assertions/a_guide_to_RAIRE_eg_guide.json ("A Guide to RAIRE", example 10):
// 13,500 ballots; difficulty = ballots / margin for a ballot-comparison audit.
const guideVotes: RankedVotes[] = [
  { n: 5000, prefs: ['Chuan', 'Bob', 'Alice'] },
  { n: 1000, prefs: ['Bob', 'Chuan', 'Diego'] },
  { n: 1500, prefs: ['Diego', 'Alice'] },
  { n: 4000, prefs: ['Alice', 'Diego'] },
  { n: 2000, prefs: ['Diego'] },
];
const guideRaire = {
  metadata: { candidates: ['Alice', 'Bob', 'Chuan', 'Diego'] },
  solution: {
    Ok: {
      assertions: [
        { assertion: { type: 'NEB', winner: 2, loser: 1 }, difficulty: 3.375 },
        { assertion: { type: 'NEN', winner: 2, loser: 0, continuing: [0, 2] }, difficulty: 27.0 },
        { assertion: { type: 'NEN', winner: 2, loser: 3, continuing: [0, 2, 3] }, difficulty: 5.4 },
        {
          assertion: { type: 'NEN', winner: 0, loser: 3, continuing: [0, 2, 3] },
          difficulty: 27.0,
        },
        {
          assertion: { type: 'NEN', winner: 0, loser: 1, continuing: [0, 1, 2, 3] },
          difficulty: 4.5,
        },
      ],
      difficulty: 27.0,
      winner: 2,
      num_candidates: 4,
    },
  },
};

test("RAIRE's guide: margins from the rankings give RAIRE's difficulties; the assertions imply Chuan", () => {
  const parsed = parseRaireAssertions(guideRaire);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  expect(parsed.value.winner).toBe('Chuan');
  const difficulties = parsed.value.assertions.map((assertion) => {
    const { winner, loser } = irvTallies(assertion, guideVotes);
    return 13500 / (winner - loser);
  });
  expect(difficulties).toEqual([3.375, 27, 5.4, 27, 4.5]);
  expect(checkIrvCompleteness(parsed.value)).toEqual({ ok: true, value: true });
  // Without "Chuan beats Alice when {Alice, Chuan} continue", Alice could win after B, D go.
  const missing = {
    ...parsed.value,
    assertions: parsed.value.assertions.filter((_, i) => i !== 1),
  };
  const incomplete = checkIrvCompleteness(missing);
  expect(incomplete.ok ? [] : incomplete.error.order).toEqual(['Bob', 'Diego', 'Chuan', 'Alice']);
  // The contest file: the assertions with the reported rankings.
  const contest = parseContest({
    name: 'Guide',
    ballots: 13500,
    winners: 1,
    irv: { raire: guideRaire, votes: guideVotes },
  });
  if (!contest.ok) throw new Error(JSON.stringify(contest.error));
  expect(contest.value.winners.map((choice) => choice.name)).toEqual(['Chuan']);
  expect(contest.value.choices).toEqual([
    { name: 'Alice', votes: 4000 },
    { name: 'Bob', votes: 1000 },
    { name: 'Chuan', votes: 5000 },
    { name: 'Diego', votes: 3500 },
  ]);
  expect(contest.value.dilutedMargin).toBe(500 / 13500);
  const assertions = contestAssertions(contest.value);
  expect(assertions.map((assertion) => assertion.name)).toEqual([
    'Chuan not eliminated before Bob (NEB)',
    'Chuan beats Alice when {Alice, Chuan} continue (NEN)',
    'Chuan beats Diego when {Alice, Chuan, Diego} continue (NEN)',
    'Alice beats Diego when {Alice, Chuan, Diego} continue (NEN)',
    'Alice beats Bob when {Alice, Bob, Chuan, Diego} continue (NEN)',
  ]);
  expect(assertions[0]?.reportedMean).toBe((4000 / 13500 + 1) / 2);
});

// Source: raire-rs "Australian Examples/NSW Local Government/2021" (real NSW 2021 mayoral
// preferences; raire-rs's printed margins). Committed copies: fixtures/raire (see SOURCE.md).
test.each(['uralla', 'hunters-hill', 'city-of-griffith'])(
  'NSW 2021 %s mayoral: margins from the rankings equal raire-rs margins; the assertions imply the winner',
  (name) => {
    const votes = namedVotes(readJson(`${name}-mayoral.json`));
    const output = readJson(`${name}-mayoral-out.json`);
    const ballots = votes.reduce((sum, vote) => sum + vote.n, 0);
    const contest = parseContest({ name, ballots, winners: 1, irv: { raire: output, votes } });
    if (!contest.ok) throw new Error(JSON.stringify(contest.error));
    const printed = (
      output as { solution: { Ok: { assertions: { margin: number }[]; margin: number } } }
    ).solution.Ok;
    const irv = contest.value.irv;
    expect(irv?.assertions.map((assertion) => assertion.reportedMargin)).toEqual(
      printed.assertions.map((assertion) => assertion.margin),
    );
    expect(contest.value.dilutedMargin * ballots).toBeCloseTo(printed.margin, 6);
  },
);

test('contest-file problems name their JSON path', () => {
  const wrongMargin = structuredClone(guideRaire) as unknown as {
    solution: { Ok: { assertions: Record<string, unknown>[] } };
  };
  (wrongMargin.solution.Ok.assertions[0] as Record<string, unknown>)['margin'] = 4001;
  const bad = parseContest({
    name: 'Guide',
    ballots: 13500,
    winners: 2,
    irv: { raire: wrongMargin, votes: [...guideVotes, { n: 1, prefs: ['Zed', 'Bob', 'Bob'] }] },
  });
  expect(bad.ok ? [] : bad.error.map((problem) => problem.path)).toEqual([
    '$.irv.votes[5].prefs[0]',
    '$.irv.votes[5].prefs[2]',
  ]);
  const mismatch = parseContest({
    name: 'Guide',
    ballots: 13500,
    winners: 2,
    irv: { raire: wrongMargin, votes: guideVotes },
  });
  expect(
    mismatch.ok ? [] : mismatch.error.map((problem) => [problem.path, problem.message]),
  ).toEqual([
    ['$.winners', 'an IRV contest has one winner'],
    ['$.irv.raire.assertions[0]', "RAIRE's margin 4001 differs from 4000 on the reported rankings"],
  ]);
  // Margins are needed from somewhere; RAIRE's errors are reported; the winner must win.
  const noMargins = parseContest({
    name: 'G',
    ballots: 13500,
    winners: 1,
    irv: { raire: guideRaire },
  });
  expect(noMargins.ok ? '' : noMargins.error[0]?.message).toContain('no margin');
  const failed = parseContest({
    name: 'G',
    ballots: 10,
    winners: 1,
    irv: { raire: { metadata: { candidates: ['A'] }, solution: { Err: 'TiedWinners' } } },
  });
  expect(failed.ok ? [] : failed.error.map((problem) => problem.path)).toEqual([
    '$.irv.raire.solution.Err',
  ]);
  const wrongWinner = structuredClone(guideRaire);
  wrongWinner.solution.Ok.winner = 0;
  const notImplied = parseContest({
    name: 'G',
    ballots: 13500,
    winners: 1,
    irv: { raire: wrongWinner, votes: guideVotes },
  });
  expect(notImplied.ok ? [] : notImplied.error.map((problem) => problem.message)[0]).toMatch(
    /do not imply that Alice wins/,
  );
  expect(parseRaireAssertions([]).ok).toBe(false);
});

// Cross-check: a two-candidate IRV contest is a plurality contest, and its NEN assertion is the
// plurality pair assertion; every ALPHA measurement must agree exactly.
test('two-candidate IRV measures exactly as the plurality contest (property)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 400 }),
      fc.integer({ min: 0, max: 400 }),
      fc.integer({ min: 0, max: 100 }),
      fc.array(fc.constantFrom<string[]>(['A'], ['B'], [], ['A', 'B'], ['B', 'A']), {
        maxLength: 60,
      }),
      (lead, loser, blank, drawn) => {
        const winner = loser + lead;
        const ballots = winner + loser + blank;
        const irv = parseContest({
          name: 'T',
          ballots,
          winners: 1,
          irv: {
            raire: {
              metadata: { candidates: ['A', 'B'] },
              solution: {
                Ok: {
                  winner: 0,
                  assertions: [
                    { assertion: { type: 'NEN', winner: 0, loser: 1, continuing: [0, 1] } },
                  ],
                },
              },
            },
            votes: [
              { n: winner, prefs: ['A', 'B'] },
              { n: loser, prefs: ['B'] },
            ],
          },
        });
        if (!irv.ok) throw new Error(JSON.stringify(irv.error));
        const plurality = buildContest({
          name: 'T',
          ballots,
          winners: 1,
          choices: { A: winner, B: loser },
        });
        // Plurality reads marks, not rankings: only first preferences count there.
        const firsts = drawn.map((ranking) => ranking.slice(0, 1));
        const polling = (contest: typeof plurality, ballotsDrawn: string[][]) =>
          alphaPollingRisk({
            contest,
            riskLimit: 0.05,
            sample: { kind: 'ballots', ballots: ballotsDrawn },
            withReplacement: false,
          });
        const p = polling(irv.value, drawn);
        const q = polling(plurality, firsts);
        expect(p.ok && p.value.assertions.map((x) => x.pValue)).toEqual(
          q.ok && q.value.assertions.map((x) => x.pValue),
        );
        const compared = drawn.map((ranking) => ({ cvr: ['A'], audited: ranking }));
        const comparedFirsts = firsts.map((ranking) => ({ cvr: ['A'], audited: ranking }));
        const comparison = (contest: typeof plurality, sample: typeof compared) =>
          alphaComparisonRisk({
            contest,
            riskLimit: 0.05,
            sample: { kind: 'ballots', ballots: sample },
            withReplacement: true,
          });
        expect(comparison(irv.value, compared).ok).toBe(true);
        const a = comparison(irv.value, compared);
        const b = comparison(plurality, comparedFirsts);
        expect(a.ok && a.value.assertions.map((x) => x.pValue)).toEqual(
          b.ok && b.value.assertions.map((x) => x.pValue),
        );
      },
    ),
    { numRuns: 150 },
  );
});

// Invariants of SHANGRLA's IRV assorters over random rankings (property).
test('IRV assorters take 0, 1/2 or 1, and NEN depends only on the ranking restricted to the continuing set', () => {
  const candidates = ['A', 'B', 'C', 'D', 'E'];
  const ranking = fc.shuffledSubarray(candidates);
  fc.assert(
    fc.property(
      ranking,
      fc.shuffledSubarray(candidates, { minLength: 2 }),
      (ballot, continuing) => {
        const [w, l] = continuing as [string, string];
        const nen: IrvAssertion = { kind: 'NEN', winner: w, loser: l, continuing, margin: null };
        const neb: IrvAssertion = {
          kind: 'NEB',
          winner: w,
          loser: l,
          continuing: [],
          margin: null,
        };
        for (const assertion of [nen, neb])
          expect([0, 0.5, 1]).toContain(irvAssort(assertion, ballot));
        const restricted = ballot.filter((candidate) => continuing.includes(candidate));
        expect(irvAssort(nen, ballot)).toBe(irvAssort(nen, restricted));
        // NEB counts for w only on a first preference: never more than NEN on {w, l}.
        const pair: IrvAssertion = {
          kind: 'NEN',
          winner: w,
          loser: l,
          continuing: [w, l],
          margin: null,
        };
        expect(irvAssort(neb, ballot)).toBeLessThanOrEqual(irvAssort(pair, ballot));
      },
    ),
  );
});

test('IRV sample sizes by simulation and polling refusals', () => {
  const contest = parseContest({
    name: 'Guide',
    ballots: 13500,
    winners: 1,
    irv: { raire: guideRaire, votes: guideVotes },
  });
  if (!contest.ok) throw new Error('contest');
  const options = {
    contest: contest.value,
    riskLimit: 0.05,
    simulations: 200,
    quantile: 0.9,
    seed: 's',
    withReplacement: true,
  } as const;
  const comparison = alphaSampleSize({ ...options, kind: 'comparison' });
  const polling = alphaSampleSize({ ...options, kind: 'polling' });
  // The hardest assertion has a 500-ballot margin (v = 0.037): comparison needs a few hundred
  // ballots (≈ 2·ln(20)/v ≈ 160 at zero error), polling thousands.
  expect(comparison.ok && comparison.value).toBeGreaterThan(100);
  expect(comparison.ok && comparison.value).toBeLessThan(400);
  expect(polling.ok && polling.value).toBeGreaterThan(2000);
  // Counts lose the rankings an IRV assorter needs.
  const counts = alphaPollingRisk({
    contest: contest.value,
    riskLimit: 0.05,
    sample: { kind: 'counts', counts: { Chuan: 10 }, ballotsSampled: 10 },
    withReplacement: true,
  });
  expect(counts.ok ? '' : counts.error.type).toBe('irv-needs-rankings');
});

// The completeness check against brute force: every elimination order of up to five candidates,
// each assertion applied to the whole order by its definition (NEB: w is out before l; NEN: when
// exactly S remains, w is the next out). Random assertion sets (property).
test('the completeness check agrees with brute force over all elimination orders (property)', () => {
  const permutations = (items: string[]): string[][] =>
    items.length <= 1
      ? [items]
      : items.flatMap((item, i) =>
          permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [
            item,
            ...rest,
          ]),
        );
  const names = ['A', 'B', 'C', 'D', 'E'];
  const assertion = (count: number) =>
    fc
      .tuple(fc.boolean(), fc.shuffledSubarray(names.slice(0, count), { minLength: 2 }))
      .map(([neb, set]): IrvAssertion => ({
        kind: neb ? 'NEB' : 'NEN',
        winner: set[0] as string,
        loser: set[1] as string,
        continuing: neb ? [] : set,
        margin: null,
      }));
  fc.assert(
    fc.property(
      fc
        .integer({ min: 2, max: 5 })
        .chain((count) =>
          fc.tuple(fc.constant(count), fc.array(assertion(count), { maxLength: 12 })),
        ),
      ([count, assertions]) => {
        const candidates = names.slice(0, count);
        const ruledOut = (order: string[]): boolean =>
          assertions.some((a) =>
            a.kind === 'NEB'
              ? order.indexOf(a.winner) < order.indexOf(a.loser)
              : (() => {
                  const last = order.slice(order.length - a.continuing.length);
                  return last.every((c) => a.continuing.includes(c)) && last[0] === a.winner;
                })(),
          );
        const open = permutations(candidates).filter(
          (order) => order.at(-1) !== 'A' && !ruledOut(order),
        );
        const checked = checkIrvCompleteness({ winner: 'A', candidates, assertions });
        expect(checked.ok).toBe(open.length === 0);
        if (!checked.ok) {
          // The order it names is one nothing rules out.
          expect(ruledOut([...checked.error.order])).toBe(false);
          expect(checked.error.order.at(-1)).not.toBe('A');
        }
      },
    ),
    { numRuns: 400 },
  );
});
