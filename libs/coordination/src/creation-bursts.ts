import { poissonUpperTail } from './null-model';

/**
 * Account-creation bursts: many accounts registered in one short interval, a classic trace of
 * a batch of sock puppets (the Twitter information-operations archives show whole networks
 * created within days).
 *
 * Creation times are binned (`binSeconds`, one day by default). The expected count of a bin is
 * the mean count of the `neighbourhood` bins on either side (empty bins included), never less
 * than the overall mean, so a slowly rising baseline is not a burst. A bin is a burst when it
 * holds at least `minAccounts` accounts and its Poisson upper-tail p-value, multiplied by the
 * number of bins in the observed span (Bonferroni), is at most `alpha`.
 */

/** One burst and the accounts created in it. */
export interface CreationBurst {
  /** Start of the bin, seconds since the epoch. */
  readonly start: number;
  readonly end: number;
  readonly accounts: readonly number[];
  readonly expected: number;
  readonly pValue: number;
}

/** Finds bursts among `(account, creation time)` pairs. */
export function findCreationBursts(input: {
  readonly created: readonly { readonly account: number; readonly time: number }[];
  readonly binSeconds: number;
  readonly minAccounts: number;
  readonly alpha: number;
  readonly neighbourhood?: number;
}): CreationBurst[] {
  const { created, binSeconds, minAccounts, alpha } = input;
  const neighbourhood = input.neighbourhood ?? 15;
  if (created.length === 0 || binSeconds <= 0) return [];
  const bins = new Map<number, number[]>();
  for (const { account, time } of created) {
    const bin = Math.floor(time / binSeconds);
    const members = bins.get(bin);
    if (members === undefined) bins.set(bin, [account]);
    else members.push(account);
  }
  const keys = [...bins.keys()].sort((x, y) => x - y);
  const first = keys[0] ?? 0;
  const last = keys[keys.length - 1] ?? 0;
  const span = last - first + 1;
  const overallMean = created.length / span;
  // Prefix sums over the sorted non-empty bins give window sums in O(log n) each.
  const prefix = [0];
  for (const key of keys) prefix.push((prefix[prefix.length - 1] ?? 0) + (bins.get(key)?.length ?? 0));
  const lowerBound = (value: number): number => {
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((keys[mid] ?? 0) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const bursts: CreationBurst[] = [];
  for (const key of keys) {
    const members = bins.get(key) ?? [];
    if (members.length < minAccounts) continue;
    const from = Math.max(first, key - neighbourhood);
    const to = Math.min(last, key + neighbourhood);
    const around = (prefix[lowerBound(to + 1)] ?? 0) - (prefix[lowerBound(from)] ?? 0) - members.length;
    const binsAround = to - from;
    const expected = Math.max(overallMean, binsAround > 0 ? around / binsAround : overallMean);
    const pValue = poissonUpperTail(members.length, expected);
    if (pValue * span <= alpha) {
      bursts.push({
        start: key * binSeconds,
        end: (key + 1) * binSeconds,
        accounts: [...members].sort((x, y) => x - y),
        expected,
        pValue,
      });
    }
  }
  return bursts;
}

/**
 * The resolution of creation times in seconds: the greatest common divisor of their differences,
 * capped at one day (the IO archive's creation dates give 86,400; timestamps to the second give 1).
 */
export function creationTimeResolution(times: ArrayLike<number>): number {
  const day = 86_400;
  if (times.length === 0) return day;
  const first = times[0] ?? 0;
  let divisor = day;
  for (let i = 0; i < times.length && divisor > 1; i += 1) {
    let a = divisor;
    let b = Math.abs(Math.round((times[i] ?? 0) - first)) % day;
    while (b !== 0) [a, b] = [b, a % b];
    divisor = a;
  }
  return divisor;
}

/** A burst found at one of several bin widths. */
export interface ScaledCreationBurst extends CreationBurst {
  readonly binSeconds: number;
}

/**
 * Bursts at the bin width `binSeconds` and at each finer width of `finerBinSeconds` (one hour
 * and ten minutes by default) that the creation times are precise enough for (their resolution
 * divides it): a batch registered by a script within minutes stands out against a fine baseline
 * long after it is lost in a daily one (with 1 M accounts over ten years, ~265 organic accounts
 * are created a day, ~11 an hour, ~2 in ten minutes). Each scale gets alpha / scales (Bonferroni
 * across scales), so the family-wise error stays at most alpha. Day-resolution dates are binned
 * by day only: binned by hour, a whole day's accounts would fall in its first hour and every day
 * would look like a burst; so are data mixing dates and full times (more than twice the expected
 * share of times at midnight).
 */
export function findCreationBurstsAtScales(input: {
  readonly created: readonly { readonly account: number; readonly time: number }[];
  readonly binSeconds: number;
  readonly minAccounts: number;
  readonly alpha: number;
  readonly finerBinSeconds?: readonly number[];
  readonly neighbourhood?: number;
}): ScaledCreationBurst[] {
  const times = input.created.map((entry) => entry.time);
  const resolution = creationTimeResolution(times);
  // Times on a bin boundary of `binSeconds` (midnight for days): with times precise to r seconds,
  // about r / binSeconds of them. Many more means coarse values are mixed in (dates for some
  // accounts, full times for others): binned finely, each day's dated accounts would pile up in
  // its first bin, so the finer scales are not used.
  const onBoundary = input.binSeconds > 0 ? times.filter((time) => time % input.binSeconds === 0).length / Math.max(1, times.length) : 1;
  const scales = [input.binSeconds];
  for (const finer of input.finerBinSeconds ?? [3600, 600]) {
    const precise = resolution <= finer && finer % resolution === 0 && onBoundary <= (2 * finer) / input.binSeconds;
    if (finer > 0 && finer < input.binSeconds && precise && !scales.includes(finer)) scales.push(finer);
  }
  const alpha = input.alpha / scales.length;
  const found = scales.map((binSeconds) =>
    findCreationBursts({
      created: input.created,
      binSeconds,
      minAccounts: input.minAccounts,
      alpha,
      ...(input.neighbourhood === undefined ? {} : { neighbourhood: input.neighbourhood }),
    }).map((burst) => ({ ...burst, binSeconds })),
  );
  // A coarse burst that holds a finer one is kept only if its other accounts are a burst by
  // themselves (same expected count, same correction): otherwise the finer burst explains it, and
  // the day's organic accounts around a ten-minute batch would be flagged with it.
  let earliest = Number.POSITIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  for (const time of times) {
    if (time < earliest) earliest = time;
    if (time > latest) latest = time;
  }
  const finer = new Set<number>();
  const kept: ScaledCreationBurst[][] = [];
  for (let s = scales.length - 1; s >= 0; s -= 1) {
    const binSeconds = scales[s] ?? 0;
    const span = Math.floor(latest / binSeconds) - Math.floor(earliest / binSeconds) + 1;
    const bursts = (found[s] ?? []).filter((burst) => {
      const others = burst.accounts.filter((account) => !finer.has(account)).length;
      if (others === burst.accounts.length) return true;
      return others >= input.minAccounts && poissonUpperTail(others, burst.expected) * span <= alpha;
    });
    for (const burst of bursts) for (const account of burst.accounts) finer.add(account);
    kept[s] = bursts;
  }
  return kept.flat();
}
