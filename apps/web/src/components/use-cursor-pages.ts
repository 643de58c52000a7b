import type { Page } from '@vigil/api';
import type { DependencyList } from 'react';
import { useState } from 'react';
import type { CursorStack } from '../lib/cursor-stack';
import { FIRST_PAGE, currentCursor, nextPage, previousPage } from '../lib/cursor-stack';
import type { PagerProps } from './pager';
import type { Loaded } from './use-load';
import { useLoad } from './use-load';

/** A cursor-paginated list: the page shown and the pager's props. */
export interface CursorPages<T> extends Loaded<Page<T>> {
  readonly pager: Omit<PagerProps, 'label'>;
  readonly first: () => void;
}

/** Loads one page of a list at a time; `deps` (filters) send it back to the first page. */
export function useCursorPages<T>(
  load: (cursor: string | undefined) => Promise<Page<T>>,
  deps: DependencyList,
): CursorPages<T> {
  const [stack, setStack] = useState<CursorStack>(FIRST_PAGE);
  const [filterKey, setFilterKey] = useState(() => JSON.stringify(deps));
  const key = JSON.stringify(deps);
  if (key !== filterKey) {
    // New filters: back to the first page (state adjusted during render, as React advises).
    setFilterKey(key);
    setStack(FIRST_PAGE);
  }
  const cursor = currentCursor(key === filterKey ? stack : FIRST_PAGE);
  const loaded = useLoad(() => load(cursor), [cursor, ...deps]);
  const nextCursor = loaded.data?.nextCursor ?? null;
  return {
    ...loaded,
    first: () => setStack(FIRST_PAGE),
    pager: {
      page: stack.length,
      hasPrevious: stack.length > 1,
      hasNext: nextCursor !== null,
      onPrevious: () => setStack(previousPage),
      onNext: () => {
        if (nextCursor !== null) setStack((previous) => nextPage(previous, nextCursor));
      },
    },
  };
}
