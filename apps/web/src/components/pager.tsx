import { useTranslation } from 'react-i18next';

/** Props of the pager of a cursor-paginated list. */
export interface PagerProps {
  readonly page: number;
  readonly hasPrevious: boolean;
  readonly hasNext: boolean;
  readonly onPrevious: () => void;
  readonly onNext: () => void;
  /** What the list is, for the pager's accessible name. */
  readonly label: string;
}

/** Previous and next buttons of a cursor-paginated list. */
export function Pager({ page, hasPrevious, hasNext, onPrevious, onNext, label }: PagerProps) {
  const { t } = useTranslation();
  if (!hasPrevious && !hasNext) return null;
  return (
    <nav className="pager" aria-label={t('pager.label', { list: label })}>
      <button type="button" className="secondary" onClick={onPrevious} disabled={!hasPrevious}>
        {t('pager.previous')}
      </button>
      <span>{t('pager.page', { page })}</span>
      <button type="button" className="secondary" onClick={onNext} disabled={!hasNext}>
        {t('pager.next')}
      </button>
    </nav>
  );
}
