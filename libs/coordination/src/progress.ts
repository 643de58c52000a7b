/** The phases of a detection run, in order. */
export type DetectionPhase = 'import' | 'prepare' | 'detect' | 'score' | 'communities' | 'write';

/** A progress report: `fraction` of the current phase done (0..1). */
export interface Progress {
  readonly phase: DetectionPhase;
  readonly fraction: number;
  readonly message: string;
}

/** Receives progress reports; must not throw. */
export type ProgressListener = (progress: Progress) => void;

/** The rough share of a whole run each phase takes, for one progress figure over all phases. */
export const phaseSpan: Readonly<Record<DetectionPhase, readonly [number, number]>> = {
  import: [0, 0.3],
  prepare: [0.3, 0.45],
  detect: [0.45, 0.85],
  score: [0.85, 0.9],
  communities: [0.9, 0.92],
  write: [0.92, 1],
};

/** The fraction of the whole run done at `progress`, in [0, 1]. */
export function overallFraction(progress: Progress): number {
  const [from, to] = phaseSpan[progress.phase];
  return Math.min(1, Math.max(0, from + (to - from) * progress.fraction));
}
