import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from '../router/router';

/** Props of a page: its title (heading and document title) and content. */
export interface PageProps {
  readonly title: string;
  /** A line under the heading. */
  readonly lead?: ReactNode;
  /** The page one level up, linked above the heading. */
  readonly back?: { readonly href: string; readonly label: string };
  /** Buttons or links beside the heading. */
  readonly actions?: ReactNode;
  readonly children?: ReactNode;
}

/**
 * A page of the app: sets the document title and, after each navigation, moves focus to the
 * page heading so screen-reader and keyboard users start at the new content.
 */
export function Page({ title, lead, back, actions, children }: PageProps) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  const { key } = useLocation();
  useEffect(() => {
    document.title = `${title} — ${t('app.name')}`;
  }, [title, t]);
  useEffect(() => {
    // The first page load keeps the browser's own focus start; later navigations move focus.
    if (key > 0) heading.current?.focus();
  }, [key]);
  return (
    <>
      {back ? (
        <p className="back">
          <Link href={back.href}>{back.label}</Link>
        </p>
      ) : null}
      <div className="page-head">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            {title}
          </h1>
          {lead ? <p className="lead">{lead}</p> : null}
        </div>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
      {children}
    </>
  );
}
