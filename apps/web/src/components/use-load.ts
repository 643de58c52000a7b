import type { Problem } from '@vigil/api';
import type { DependencyList } from 'react';
import { useCallback, useEffect, useState } from 'react';
import { toProblem } from './use-action';

/** Data loaded from the API, with its problem and a way to load it again. */
export interface Loaded<T> {
  readonly data: T | undefined;
  readonly problem: Problem | null;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** Loads data when the dependencies change; ignores answers that arrive after a newer request. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  // The caller lists what `load` reads, as with useEffect.
  const stableLoad = useCallback(load, deps);
  useEffect(() => {
    let active = true;
    setLoading(true);
    stableLoad()
      .then((value) => {
        if (!active) return;
        setData(value);
        setProblem(null);
      })
      .catch((error: unknown) => {
        if (active) setProblem(toProblem(error));
      })
      .finally(() => {
        if (active) setLoading(false);
      });
    return () => {
      active = false;
    };
  }, [stableLoad, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, problem, loading, reload };
}
