import type { Problem } from '@vigil/api';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors, fieldId } from '../lib/field-errors';
import { useServerMessage } from './use-message';

/** Props of an error summary. */
export interface ErrorSummaryProps {
  readonly problem: Problem | null;
  /** Id of the form whose fields the errors link to; absent for errors outside a form. */
  readonly form?: string;
  /** A sentence that replaces the problem's own title (e.g. "wrong e-mail or password"). */
  readonly message?: string;
}

/** The title of a problem in the user's language: by status, else as the server wrote it. */
export function useProblemTitle(): (problem: Problem) => string {
  const { t } = useTranslation();
  return (problem) => {
    const byStatus: Record<number, string> = {
      0: t('errors.network'),
      400: t('errors.badInput'),
      401: t('errors.unauthorised'),
      403: t('errors.forbidden'),
      404: t('errors.notFound'),
      409: t('errors.conflict'),
      422: t('errors.badInput'),
      429: t('errors.tooMany'),
    };
    return byStatus[problem.status] ?? (problem.status >= 500 ? t('errors.server') : problem.title);
  };
}

/**
 * Lists what went wrong at the top of a form, each field error linking to its field. Takes
 * focus when it appears so keyboard and screen-reader users learn of it at once.
 */
export function ErrorSummary({ problem, form, message }: ErrorSummaryProps) {
  const { t } = useTranslation();
  const translate = useServerMessage();
  const title = useProblemTitle();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problem) box.current?.focus();
  }, [problem]);
  if (!problem) return null;
  const errors = [...fieldErrors(problem)];
  // Field errors say more than the detail, which only sums them up.
  const detail =
    problem.detail && errors.length === 0 && problem.status !== 0 && problem.status < 500
      ? problem.detail
      : null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={box}>
      <h2>{message ?? title(problem)}</h2>
      {detail && !message ? <p>{translate(detail)}</p> : null}
      {errors.length > 0 ? (
        <ul>
          {errors.map(([path, messages]) =>
            messages.map((text, index) => {
              const targetId = form && path ? fieldId(form, path) : null;
              const target = targetId ? document.getElementById(targetId) : null;
              // Name the field as its label does; the path is for fields the form does not show.
              const name =
                (target
                  ? document.querySelector(`label[for="${target.id}"]`)?.firstChild?.textContent
                  : null) ?? path;
              const label = name
                ? t('errors.fieldMessage', { field: name, message: translate(text) })
                : translate(text);
              return (
                <li key={`${path}-${index}`}>
                  {target ? (
                    <a
                      href={`#${target.id}`}
                      onClick={(event) => {
                        event.preventDefault();
                        target.focus();
                      }}
                    >
                      {label}
                    </a>
                  ) : (
                    label
                  )}
                </li>
              );
            }),
          )}
        </ul>
      ) : null}
      {problem.requestId && problem.status >= 500 ? (
        <p className="muted">{t('errors.requestId', { id: problem.requestId })}</p>
      ) : null}
    </div>
  );
}
