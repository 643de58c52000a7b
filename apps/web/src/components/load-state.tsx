import type { Problem } from '@vigil/api';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from './error-summary';

/** Props of a loading boundary. */
export interface LoadStateProps<T> {
  readonly data: T | undefined;
  readonly problem: Problem | null;
  readonly children: (data: T) => ReactNode;
}

/** Shows a loading line, the load's problem, or the content once its data is there. */
export function LoadState<T>({ data, problem, children }: LoadStateProps<T>) {
  const { t } = useTranslation();
  if (problem) return <ErrorSummary problem={problem} />;
  if (data === undefined)
    return (
      <p className="muted" aria-busy="true">
        {t('common.loading')}
      </p>
    );
  return <>{children(data)}</>;
}
