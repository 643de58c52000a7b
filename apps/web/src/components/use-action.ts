import type { Problem } from '@vigil/api';
import { ApiError } from '@vigil/api';
import { useCallback, useMemo, useState } from 'react';
import { fieldErrors } from '../lib/field-errors';

/** A problem for an error that is not an API answer (network down, server unreachable). */
export const NETWORK_PROBLEM: Problem = { type: 'about:blank', title: 'network', status: 0 };

/** The problem details of anything an API call threw. */
export function toProblem(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  console.error(error);
  return NETWORK_PROBLEM;
}

/** State of a user action that calls the API (a form submit, a button). */
export interface ActionState {
  readonly busy: boolean;
  readonly problem: Problem | null;
  readonly errors: ReadonlyMap<string, readonly string[]>;
  /** Runs `work`, keeping its problem if it fails; resolves to whether it succeeded. */
  readonly run: (work: () => Promise<void>) => Promise<boolean>;
  readonly reset: () => void;
}

/** Tracks one API action: busy while it runs, its problem and field errors when it fails. */
export function useAction(): ActionState {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const run = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    try {
      await work();
      return true;
    } catch (error) {
      setProblem(toProblem(error));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  const reset = useCallback(() => setProblem(null), []);
  const errors = useMemo(() => fieldErrors(problem), [problem]);
  return { busy, problem, errors, run, reset };
}
