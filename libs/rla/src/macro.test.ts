import { expect, test } from 'vitest';
import { buildContest } from './contest';
import {
  type AuditedDraw,
  type ReportedBatch,
  macroRisk,
  macroSampleSize,
  maxBatchError,
  totalMaxError,
} from './macro';

const RISK_LIMIT = 0.25;

// Fixtures of votingworks/arlo server/tests/audit_math/test_macro.py (`macro_contests`, `batches`).
const contests = {
  'Contest A': buildContest({
    name: 'Contest A',
    choices: { winner: 60000, loser: 54000 },
    ballots: 120000,
    winners: 1,
  }),
  'Contest B': buildContest({
    name: 'Contest B',
    choices: { winner: 30000, loser: 24000 },
    ballots: 60000,
    winners: 1,
  }),
  'Contest C': buildContest({
    name: 'Contest C',
    choices: { winner: 18000, loser: 12600 },
    ballots: 36000,
    winners: 1,
  }),
};
type Name = keyof typeof contests;

function batchesFor(name: Name): ReportedBatch[] {
  const batches: ReportedBatch[] = [];
  for (let i = 0; i < 200; i++) {
    const inB = i < 100;
    const inC = i < 30 || (i >= 100 && i < 130);
    const has =
      name === 'Contest A' || (name === 'Contest B' && inB) || (name === 'Contest C' && inC);
    const loser = name === 'Contest A' ? 180 : name === 'Contest B' ? 160 : 140;
    batches.push({ key: `Batch ${i}`, votes: has ? { winner: 200, loser } : null, ballots: 400 });
    batches.push({
      key: `Batch ${i} AV`,
      votes: has ? { winner: 100, loser: loser / 2 } : null,
      ballots: 200,
    });
  }
  return batches;
}

// Known answers: test_macro.py `test_max_error` (u_p to 0.001).
test("maximum batch overstatements equal Arlo's", () => {
  const expected: [Name, string, number][] = [
    ['Contest A', 'Batch 5', 0.07],
    ['Contest A', 'Batch 5 AV', 0.035],
    ['Contest B', 'Batch 5', 0.0733],
    ['Contest B', 'Batch 5 AV', 0.0367],
    ['Contest B', 'Batch 150', 0],
    ['Contest C', 'Batch 120', 0.0852],
    ['Contest C', 'Batch 120 AV', 0.0426],
    ['Contest C', 'Batch 50', 0],
  ];
  for (const [name, key, up] of expected) {
    const batch = batchesFor(name).find((entry) => entry.key === key) as ReportedBatch;
    expect(Math.abs(maxBatchError(contests[name], batch, 0) - up), `${name} ${key}`).toBeLessThan(
      0.001,
    );
  }
});

const clean = (name: Name) => ({
  winner: 200,
  loser: name === 'Contest A' ? 180 : name === 'Contest B' ? 160 : 140,
});

// Known answers: test_macro.py `test_get_sample_sizes` (rounds 1-4) and `test_compute_risk`.
test("sample sizes and p-values over rounds equal Arlo's", () => {
  const rounds: Record<Name, [number, number, number]> = {
    'Contest A': [30, 26, 26],
    'Contest B': [16, 12, 12],
    'Contest C': [11, 7, 2],
  };
  for (const name of Object.keys(contests) as Name[]) {
    const contest = contests[name];
    const batches = batchesFor(name);
    const audited = new Map<string, Record<string, number> | null>();
    const draws: AuditedDraw[] = [];
    const size = () => {
      const result = macroSampleSize({ contest, riskLimit: RISK_LIMIT, batches, draws, audited });
      return result.ok ? result.value : Number.NaN;
    };
    expect(size(), name).toBe(rounds[name][0]);
    for (let i = 0; i < 4; i++) {
      audited.set(`Batch ${i}`, clean(name));
      draws.push({ ticket: String(i), key: `Batch ${i}` });
    }
    expect(size(), name).toBe(rounds[name][1]);
    // Batches 4-8: A's taint equals its margin; B is not audited in them; C clean.
    for (let i = 4; i < 9; i++) {
      audited.set(
        `Batch ${i}`,
        name === 'Contest A'
          ? { winner: 190, loser: 190 }
          : name === 'Contest C'
            ? clean(name)
            : null,
      );
      draws.push({ ticket: String(i), key: `Batch ${i}` });
    }
    expect(size(), name).toBe(rounds[name][2]);
    if (name === 'Contest C') {
      audited.set('Batch 9', clean(name));
      draws.push({ ticket: '9', key: 'Batch 9' });
      expect(size()).toBe(0);
    }
  }
  // test_compute_risk: 30 clean draws, then 6 draws of batches 100-105 (A tainted, C clean).
  const expected: Record<Name, number> = {
    'Contest A': (20 / 21) ** 30,
    'Contest B': (10 / 11) ** 30,
    'Contest C': (20 / 23) ** 36,
  };
  for (const name of Object.keys(contests) as Name[]) {
    const audited = new Map<string, Record<string, number> | null>();
    const draws: AuditedDraw[] = [];
    for (let i = 0; i < 30; i++) {
      audited.set(`Batch ${i}`, clean(name));
      draws.push({ ticket: String(i), key: `Batch ${i}` });
    }
    for (let i = 100; i < 106; i++) {
      audited.set(
        `Batch ${i}`,
        name === 'Contest A'
          ? { winner: 190, loser: 190 }
          : name === 'Contest C'
            ? clean(name)
            : null,
      );
      draws.push({ ticket: String(i), key: `Batch ${i}` });
    }
    const risk = macroRisk({
      contest: contests[name],
      riskLimit: RISK_LIMIT,
      batches: batchesFor(name),
      draws,
      audited,
    });
    expect(
      Math.abs((risk.ok ? risk.value.pValue : Number.NaN) - expected[name]),
      name,
    ).toBeLessThan(1e-4);
    expect(risk.ok && risk.value.finished).toBe(true);
  }
});

// Known answers: test_macro.py `test_tied_contest`, `test_full_recount`, and snapshots/snap_test_macro.py
// `test_pending_ballots` (U = 4.591836734693877551020408163; p after 3 clean batches).
test("ties, full counts and pending ballots follow Arlo's special cases", () => {
  const tied = buildContest({
    name: 'Tied',
    choices: { winner: 50000, loser: 50000 },
    ballots: 100000,
    winners: 1,
  });
  const tiedBatches: ReportedBatch[] = Array.from({ length: 100 }, (_, i) => ({
    key: String(i),
    votes: { winner: 500, loser: 500 },
    ballots: 1000,
  }));
  const none = new Map<string, Record<string, number> | null>();
  expect(
    macroSampleSize({
      contest: tied,
      riskLimit: RISK_LIMIT,
      batches: tiedBatches,
      draws: [],
      audited: none,
    }),
  ).toEqual({ ok: true, value: 100 });
  const one = macroRisk({
    contest: tied,
    riskLimit: RISK_LIMIT,
    batches: tiedBatches,
    draws: [{ ticket: '1', key: '0' }],
    audited: new Map([['0', { winner: 500, loser: 500 }]]),
  });
  expect(one).toEqual({ ok: true, value: { pValue: 1, finished: false } });
  const everything = tiedBatches.map((batch, i) => ({ ticket: String(i), key: batch.key }));
  const all = new Map(tiedBatches.map((batch) => [batch.key, batch.votes]));
  expect(
    macroRisk({
      contest: tied,
      riskLimit: RISK_LIMIT,
      batches: tiedBatches,
      draws: everything,
      audited: all,
    }),
  ).toEqual({ ok: true, value: { pValue: 0, finished: true } });
  expect(
    macroSampleSize({
      contest: tied,
      riskLimit: RISK_LIMIT,
      batches: tiedBatches,
      draws: everything,
      audited: all,
    }),
  ).toEqual({ ok: false, error: { type: 'all-batches-audited' } });

  const pending = buildContest({
    name: 'Contest',
    choices: { winner: 200, loser: 100, third: 50 },
    ballots: 350,
    winners: 1,
    pendingBallots: 2,
  });
  const batches: ReportedBatch[] = [
    { key: 'Batch 1', votes: { winner: 60, loser: 40, third: 0 }, ballots: 100 },
    { key: 'Batch 2', votes: { winner: 0, loser: 60, third: 40 }, ballots: 100 },
    { key: 'Batch 3', votes: { winner: 90, loser: 0, third: 10 }, ballots: 100 },
    { key: 'Batch 4', votes: { winner: 50, loser: 0, third: 0 }, ballots: 50 },
  ];
  const U = totalMaxError(pending, batches);
  expect(U).toBeCloseTo(4.591836734693877551020408163, 14);
  expect(
    macroSampleSize({ contest: pending, riskLimit: RISK_LIMIT, batches, draws: [], audited: none }),
  ).toEqual({ ok: true, value: 4 });
  const three = batches.slice(0, 3);
  const risk = macroRisk({
    contest: pending,
    riskLimit: RISK_LIMIT,
    batches,
    draws: three.map((batch, i) => ({ ticket: String(i), key: batch.key })),
    audited: new Map(three.map((batch) => [batch.key, batch.votes])),
  });
  expect(risk.ok && risk.value.pValue).toBeCloseTo(0.47861956652949245, 12);
  expect(
    macroRisk({
      contest: pending,
      riskLimit: RISK_LIMIT,
      batches,
      draws: [{ ticket: '1', key: 'nope' }],
      audited: none,
    }).ok,
  ).toBe(false);
});

// Known answers: votingworks/arlo server/tests/audit_math/test_macro.py
// `test_combined_batches_no_discrepancies`, `test_combined_batches_one_discrepancy` and
// `test_combined_batches_sampled_and_unsampled` (RISK_LIMIT 25): the expected p-values are
// those tests' formulas, with U and the taints worked out from their batches.
test("combined batches: Arlo's three test_macro cases", () => {
  const two = buildContest({
    name: 'C',
    choices: { winner: 110, loser: 90 },
    ballots: 200,
    winners: 1,
  });
  const batches: ReportedBatch[] = [
    { key: 'Batch 1', votes: { winner: 30, loser: 20 }, ballots: 50 },
    { key: 'Batch 2', votes: { winner: 10, loser: 40 }, ballots: 50 },
    { key: 'Batch 3', votes: { winner: 40, loser: 0 }, ballots: 40 },
    { key: 'Batch 4', votes: { winner: 30, loser: 30 }, ballots: 60 },
  ];
  // u_p = (v_w − v_l + b)/20: 3, 1, 4, 3.
  expect(totalMaxError(two, batches)).toBe(11);
  const draws = ['Batch 1', 'Batch 2', 'Batch 3'].map((key, i) => ({ ticket: String(i + 1), key }));
  expect(
    macroSampleSize({
      contest: two,
      riskLimit: RISK_LIMIT,
      batches,
      draws: [],
      audited: new Map(),
    }),
  ).toEqual({ ok: true, value: 4 });
  const run = (
    contest: typeof two,
    reported: ReportedBatch[],
    loserExtra: number,
    combined: string[],
  ) => {
    const sum = (choice: string) =>
      combined.reduce(
        (total, key) => total + (reported.find((b) => b.key === key)?.votes?.[choice] ?? 0),
        0,
      );
    const tally = Object.fromEntries(
      Object.keys(reported[0]?.votes ?? {}).map((choice) => [
        choice,
        sum(choice) + (choice === 'loser' ? loserExtra : 0),
      ]),
    );
    const audited = new Map(
      reported.map((batch) => [batch.key, combined.includes(batch.key) ? tally : batch.votes]),
    );
    return macroRisk({
      contest,
      riskLimit: RISK_LIMIT,
      batches: reported,
      draws,
      audited,
      combinedBatches: [combined],
    });
  };
  const clean = run(two, batches, 0, ['Batch 1', 'Batch 2']);
  expect(clean.ok && clean.value.pValue).toBeCloseTo((10 / 11) ** 3, 15);
  // Two more loser votes in the combined tally: taints 2/60 (Batch 1) and 2/20 (Batch 2).
  const one = run(two, batches, 2, ['Batch 1', 'Batch 2']);
  expect(one.ok && one.value.pValue).toBeCloseTo(
    (10 / 11 / (1 - 2 / 60)) * (10 / 11 / (1 - 2 / 20)) * (10 / 11),
    15,
  );
  expect(one.ok && one.value.finished).toBe(false);
  // Three candidates; Batch 1 combined with the unsampled Batch 4: taint 3/60 on Batch 1.
  const three = buildContest({
    name: 'C',
    choices: { winner: 120, loser: 80, third: 50 },
    ballots: 250,
    winners: 1,
  });
  const threeBatches: ReportedBatch[] = [
    { key: 'Batch 1', votes: { winner: 30, loser: 20, third: 0 }, ballots: 50 },
    { key: 'Batch 2', votes: { winner: 0, loser: 40, third: 10 }, ballots: 50 },
    { key: 'Batch 3', votes: { winner: 60, loser: 10, third: 30 }, ballots: 100 },
    { key: 'Batch 4', votes: { winner: 30, loser: 10, third: 10 }, ballots: 50 },
  ];
  const U = totalMaxError(three, threeBatches);
  expect(U).toBeCloseTo(1.5 + 40 / 70 + 3.75 + 1.75, 14);
  const mixed = run(three, threeBatches, 3, ['Batch 1', 'Batch 4']);
  expect(mixed.ok && mixed.value.pValue).toBeCloseTo(
    ((1 - 1 / U) / (1 - 3 / 60)) * (1 - 1 / U) ** 2,
    15,
  );
  // Undeclared, the set's tally would be read as Batch 1's alone: an understatement (error
  // counted as 0) that hides the three-vote overstatement.
  const undeclared = macroRisk({
    contest: three,
    riskLimit: RISK_LIMIT,
    batches: threeBatches,
    draws,
    audited: new Map([
      ['Batch 1', { winner: 60, loser: 33, third: 10 }],
      ['Batch 2', threeBatches[1]?.votes ?? null],
      ['Batch 3', threeBatches[2]?.votes ?? null],
    ]),
  });
  expect(undeclared.ok && undeclared.value.pValue).toBeCloseTo((1 - 1 / U) ** 3, 15);
  // A batch in two sets, or an unknown one, is refused.
  expect(
    macroRisk({
      contest: two,
      riskLimit: RISK_LIMIT,
      batches,
      draws,
      audited: new Map(),
      combinedBatches: [
        ['Batch 1', 'Batch 2'],
        ['Batch 2', 'Batch 3'],
      ],
    }),
  ).toEqual({ ok: false, error: { type: 'batch-in-two-combined-batches', key: 'Batch 2' } });
  expect(
    macroRisk({
      contest: two,
      riskLimit: RISK_LIMIT,
      batches,
      draws,
      audited: new Map(),
      combinedBatches: [['Batch 1', 'Batch 9']],
    }),
  ).toEqual({ ok: false, error: { type: 'unknown-batch', key: 'Batch 9' } });
});
