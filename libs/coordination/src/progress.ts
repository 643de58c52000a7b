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
