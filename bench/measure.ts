import { performance } from 'node:perf_hooks';

/** One timed run of a benchmark step. */
export interface Measurement {
  readonly label: string;
  readonly seconds: number;
  readonly heapUsedMb: number;
  readonly rssMb: number;
}

/** Runs `work` once, timing it and reading memory after it; prints one line on stdout. */
export async function measure<T>(label: string, work: () => Promise<T> | T): Promise<{ result: T; measurement: Measurement }> {
  const start = performance.now();
  const result = await work();
  const seconds = (performance.now() - start) / 1000;
  const memory = process.memoryUsage();
  const measurement: Measurement = {
    label,
    seconds,
    heapUsedMb: memory.heapUsed / 2 ** 20,
    rssMb: memory.rss / 2 ** 20,
  };
  console.log(
    `${label}: ${seconds.toFixed(3)} s (heap ${measurement.heapUsedMb.toFixed(0)} MB, rss ${measurement.rssMb.toFixed(0)} MB)`,
  );
  return { result, measurement };
}

/** Percentile (0..100) of a list of numbers, nearest-rank; the list must not be empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** A seeded generator of floats in [0, 1) (Mulberry32), so bench data never depends on Math.random and runs compare. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
