import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import {
  ABOVE_BOUND,
  type UnitGroup,
  consistentSample,
  firstTicketKeys,
  unitId,
} from './consistent-sampler';
import { sha256Hex } from './sha256';
import { firstFraction, nextFraction, sha256Uniform, trimTicket } from './ticket';

interface Vectors {
  vectors: Record<string, Record<string, unknown>>;
}
const { vectors } = JSON.parse(
  readFileSync(
    new URL('../../../../shared/data/rla/consistent-sampler-vectors.json', import.meta.url),
    'utf8',
  ),
) as Vectors;
const vector = <T>(name: string): T => vectors[name] as T;
const ids = (list: readonly string[]): UnitGroup[] => list.map((id) => ({ kind: 'id', id }));

// Known answers: shared/data/rla/consistent-sampler-vectors.json, from the docstrings and README
// of ron-rivest/consistent_sampler (consistent_sampler.py), re-computed with that code.
test('hashes and ticket numbers equal the consistent_sampler docstrings', () => {
  expect(sha256Hex('abc')).toBe(vector<{ expected: string }>('sha256_hex_abc').expected);
  expect(sha256Uniform('abc')).toBe(vector<{ expected: string }>('sha256_uniform_abc').expected);
  const ab130 = vector<{ id: string; seed: string; expected: string }>('first_fraction_AB130');
  expect(firstFraction(ab130.id, ab130.seed)).toBe(ab130.expected);
  expect(nextFraction('0.25471')).toBe(
    vector<{ expected: string }>('next_fraction_0.25471').expected,
  );
  const next = vector<{ input_ticket_number: string; expected_generation2: string }>(
    'next_ticket_AB130',
  );
  expect(nextFraction(next.input_ticket_number)).toBe(next.expected_generation2);
  const animals = vector<{ seed: string; expected: Record<string, string> }>(
    'first_fractions_dog_cat',
  );
  for (const [id, ticket] of Object.entries(animals.expected))
    expect(firstFraction(id, animals.seed)).toBe(ticket);
  for (const [input, digits, expected] of vector<{ cases: [string, number, string][] }>(
    'trim_examples',
  ).cases) {
    expect(trimTicket(input, digits)).toBe(expected);
  }
  expect(() => nextFraction('1.5')).toThrow(RangeError);
});

test('draws equal the consistent_sampler docstring and README examples', () => {
  const wr = vector<{ ids: string[]; seed_str: string; take: number; expected_ids: string[] }>(
    'sampler_wr_314159',
  );
  const drawn = consistentSample({
    seed: wr.seed_str,
    frame: ids(wr.ids),
    take: wr.take,
    withReplacement: true,
  });
  expect(drawn.ok && drawn.value.map((draw) => draw.id)).toEqual(wr.expected_ids);

  const wor = vector<{
    ids: string[];
    seed: string;
    digits: number;
    expected: [string, string, number][];
  }>('sampler_wor_314159_tuples');
  const all = consistentSample({
    seed: wor.seed,
    frame: ids(wor.ids),
    take: 4,
    withReplacement: false,
  });
  expect(
    all.ok &&
      all.value.map((draw) => [trimTicket(draw.ticket, wor.digits), draw.id, draw.generation]),
  ).toEqual(wor.expected);

  const ex1 = vector<{ ids: string[]; seed: string; take: number; expected_ids: string[] }>(
    'readme_example1_wor',
  );
  const first = consistentSample({
    seed: ex1.seed,
    frame: ids(ex1.ids),
    take: ex1.take,
    withReplacement: false,
  });
  expect(first.ok && first.value.map((draw) => draw.id)).toEqual(ex1.expected_ids);

  const ex2 = vector<{
    ids: string[];
    seed: string;
    take: number;
    digits: number;
    expected: [string, string, number][];
  }>('readme_example2_wr');
  const second = consistentSample({
    seed: ex2.seed,
    frame: ids(ex2.ids),
    take: ex2.take,
    withReplacement: true,
  });
  expect(
    second.ok &&
      second.value.map((draw) => [trimTicket(draw.ticket, ex2.digits), draw.id, draw.generation]),
  ).toEqual(ex2.expected);
});

// Known answers: votingworks/arlo server/tests/audit_math/snapshots/snap_test_sampler.py,
// `test_draw_sample` and `test_draw_more_samples` (manifest of 4 batches x 25 ballots, ids
// `(batch, position)`, seed below, with replacement, 18 digits).
const ARLO_SEED = '12345678901234567890abcdefghijklmnopqrstuvwxyz😊';
const ARLO_FRAME: UnitGroup[] = ['pct 1', 'pct 2', 'pct 3', 'pct 4'].map((batch) => ({
  kind: 'positions',
  prefix: `('${batch}', `,
  suffix: ')',
  count: 25,
}));
const ARLO_SNAPSHOT: [string, string, number, number][] = [
  ['0.000617786129909912', 'pct 2', 3, 1],
  ['0.002991631653037245', 'pct 3', 24, 1],
  ['0.012057030610635061', 'pct 1', 25, 1],
  ['0.017930028930651931', 'pct 4', 19, 1],
  ['0.025599454926985137', 'pct 3', 15, 1],
  ['0.045351055354441163', 'pct 1', 7, 1],
  ['0.063913979803461405', 'pct 1', 8, 1],
  ['0.064553852798863609', 'pct 1', 22, 1],
  ['0.078998835671540970', 'pct 1', 20, 1],
  ['0.090240829778172783', 'pct 3', 12, 1],
  ['0.096136506157297637', 'pct 1', 20, 2],
  ['0.104280162683637014', 'pct 4', 17, 1],
  ['0.108948480696023984', 'pct 1', 25, 2],
  ['0.111195681310332785', 'pct 1', 4, 1],
  ['0.114438612046531251', 'pct 4', 3, 1],
  ['0.130457464320709301', 'pct 2', 1, 1],
  ['0.133484785501449819', 'pct 1', 12, 1],
  ['0.134519219670087860', 'pct 3', 20, 1],
  ['0.135840440920085144', 'pct 3', 10, 1],
  ['0.138772253094235762', 'pct 4', 20, 1],
];

test("draws equal Arlo's sampler snapshots, in one round and in two", () => {
  const names = ['pct 1', 'pct 2', 'pct 3', 'pct 4'];
  const shape = (
    draws: readonly {
      ticket: string;
      group: number;
      position: number | null;
      generation: number;
    }[],
  ) =>
    draws.map((draw) => [
      trimTicket(draw.ticket, 18),
      names[draw.group],
      draw.position,
      draw.generation,
    ]);
  const once = consistentSample({
    seed: ARLO_SEED,
    frame: ARLO_FRAME,
    take: 20,
    withReplacement: true,
  });
  expect(once.ok && shape(once.value)).toEqual(ARLO_SNAPSHOT);
  const round1 = consistentSample({
    seed: ARLO_SEED,
    frame: ARLO_FRAME,
    take: 10,
    withReplacement: true,
  });
  const round2 = consistentSample({
    seed: ARLO_SEED,
    frame: ARLO_FRAME,
    take: 10,
    drop: 10,
    withReplacement: true,
  });
  expect(round1.ok && shape(round1.value)).toEqual(ARLO_SNAPSHOT.slice(0, 10));
  expect(round2.ok && shape(round2.value)).toEqual(ARLO_SNAPSHOT.slice(10));
});

test('refuses impossible samples with a typed error', () => {
  expect(
    consistentSample({ seed: 's', frame: ids(['a', 'b']), take: 3, withReplacement: false }),
  ).toEqual({
    ok: false,
    error: { type: 'sample-larger-than-population', requested: 3, population: 2 },
  });
  expect(consistentSample({ seed: 's', frame: [], take: 1, withReplacement: true })).toEqual({
    ok: false,
    error: { type: 'empty-population' },
  });
  expect(
    consistentSample({ seed: 's', frame: ids(['a']), take: -1, withReplacement: true }).ok,
  ).toBe(false);
  expect(
    consistentSample({ seed: 's', frame: ids(['a']), take: 1.5, withReplacement: true }).ok,
  ).toBe(false);
  expect(consistentSample({ seed: 's', frame: [], take: 0, withReplacement: true })).toEqual({
    ok: true,
    value: [],
  });
});

/** The reference algorithm, literally: every id's full ticket, then a heap of full tickets. */
function referenceSample(
  seed: string,
  frame: readonly UnitGroup[],
  take: number,
  withReplacement: boolean,
): string[] {
  const tickets: { ticket: string; id: string }[] = [];
  for (const group of frame) {
    if (group.kind === 'id') tickets.push({ ticket: firstFraction(group.id, seed), id: group.id });
    else
      for (let p = 1; p <= group.count; p++)
        tickets.push({ ticket: firstFraction(unitId(group, p), seed), id: unitId(group, p) });
  }
  const out: string[] = [];
  for (let n = 0; n < take && tickets.length > 0; n++) {
    tickets.sort((a, b) =>
      a.ticket < b.ticket ? -1 : a.ticket > b.ticket ? 1 : a.id < b.id ? -1 : 1,
    );
    const top = tickets.shift() as { ticket: string; id: string };
    out.push(top.id);
    if (withReplacement) tickets.push({ ticket: nextFraction(top.ticket), id: top.id });
  }
  return out;
}

const frameArbitrary = fc
  .array(
    fc.oneof(
      fc.record({
        kind: fc.constant('positions' as const),
        prefix: fc.string({ maxLength: 70 }),
        suffix: fc.string({ maxLength: 3 }),
        count: fc.integer({ min: 0, max: 12 }),
      }),
      fc.record({
        kind: fc.constant('id' as const),
        id: fc.string({ minLength: 1, maxLength: 70 }),
      }),
    ),
    { maxLength: 5 },
  )
  .filter((frame) => {
    const all = frame.flatMap((group) =>
      group.kind === 'id'
        ? [group.id]
        : Array.from({ length: group.count }, (_, i) => unitId(group, i + 1)),
    );
    return new Set(all).size === all.length;
  });

test('equals the literal reference algorithm (short and long ids, SIMD and scalar paths)', () => {
  fc.assert(
    fc.property(
      frameArbitrary,
      fc.string(),
      fc.integer({ min: 0, max: 15 }),
      fc.boolean(),
      (frame, seed, take, withReplacement) => {
        const population = frame.reduce(
          (sum, group) => sum + (group.kind === 'id' ? 1 : group.count),
          0,
        );
        const size = withReplacement ? (population === 0 ? 0 : take) : Math.min(take, population);
        const drawn = consistentSample({ seed, frame, take: size, withReplacement });
        expect(drawn.ok && drawn.value.map((draw) => draw.id)).toEqual(
          referenceSample(seed, frame, size, withReplacement),
        );
      },
    ),
    { numRuns: 60 },
  );
});

test('is consistent: the sample of a subset is the filtered sample of the superset', () => {
  fc.assert(
    fc.property(
      fc.string(),
      fc.integer({ min: 1, max: 30 }),
      fc.integer({ min: 1, max: 30 }),
      (seed, a, b) => {
        const left: UnitGroup = { kind: 'positions', prefix: 'L-', suffix: '', count: a };
        const right: UnitGroup = { kind: 'positions', prefix: 'R-', suffix: '', count: b };
        const whole = consistentSample({
          seed,
          frame: [left, right],
          take: a + b,
          withReplacement: false,
        });
        const part = consistentSample({ seed, frame: [left], take: a, withReplacement: false });
        expect(part.ok && part.value.map((draw) => draw.id)).toEqual(
          whole.ok && whole.value.filter((draw) => draw.group === 0).map((draw) => draw.id),
        );
      },
    ),
    { numRuns: 40 },
  );
});

test('the 9-digit ordering keys are the first nine digits of the full tickets', () => {
  const frame: UnitGroup[] = [
    { kind: 'positions', prefix: "(('Adams County', None, 'Batch 1'), ", suffix: ')', count: 300 },
    { kind: 'positions', prefix: 'x'.repeat(80), suffix: '', count: 20 },
  ];
  const keys = firstTicketKeys('key seed', frame);
  let unit = 0;
  for (const group of frame) {
    for (let p = 1; p <= (group.kind === 'id' ? 1 : group.count); p++, unit++) {
      expect(String(keys[unit]).padStart(9, '0')).toBe(
        firstFraction(unitId(group, p), 'key seed').slice(2, 11),
      );
    }
  }
});

// The bounded pass (the sampler's fast path) must keep exactly the keys at or below the bound,
// whatever the bound's number of leading zero digits (the low-bit prefilter), in the SIMD and the
// scalar (long id) paths; and tiny samples, where the bound may keep fewer than k keys and the
// sampler falls back to all keys, must draw what the unbounded sampler draws.
test('bounded ordering keys keep exactly the keys at or below the bound (property)', () => {
  const frame: UnitGroup[] = [
    { kind: 'positions', prefix: "(('Adams County', None, 'Batch 1'), ", suffix: ')', count: 3000 },
    { kind: 'positions', prefix: 'y'.repeat(70), suffix: '', count: 200 },
  ];
  const all = firstTicketKeys('bound seed', frame);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 999_999_999 }), (bound) => {
      const kept = firstTicketKeys('bound seed', frame, bound);
      for (let unit = 0; unit < all.length; unit++) {
        const key = all[unit] as number;
        if ((kept[unit] as number) !== (key <= bound ? key : ABOVE_BOUND))
          throw new Error(`unit ${unit}: key ${key}, bound ${bound}, kept ${kept[unit]}`);
      }
    }),
    { numRuns: 60 },
  );
  // Seeds "tiny 54", "tiny 93" and "tiny 182" have no key under the bound: the fallback runs.
  for (const seed of [
    ...Array.from({ length: 60 }, (_, i) => `tiny ${i}`),
    'tiny 93',
    'tiny 182',
  ]) {
    const sample = consistentSample({ seed, frame, take: 1, withReplacement: true });
    const keys = firstTicketKeys(seed, frame);
    const smallest = keys.indexOf(Math.min(...keys));
    expect(sample.ok && sample.value[0]?.id).toBe(
      unitId(
        frame[smallest < 3000 ? 0 : 1] as UnitGroup,
        smallest < 3000 ? smallest + 1 : smallest - 2999,
      ),
    );
  }
});
