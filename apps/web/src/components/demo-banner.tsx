import { routes } from '@vigil/api';
import { useTranslation } from 'react-i18next';
import { api } from '../session/api-client';
import { useLoad } from './use-load';

/**
 * A strip on every page of an installation that holds the fictional demo data, so no one
 * takes it for real or enters real information into it.
 */
export function DemoBanner() {
  const { t } = useTranslation();
  const health = useLoad(() => api.call(routes.health, {}), []);
  if (!health.data?.demo) return null;
  return (
    <div className="demo-banner">
      <strong>{t('home.demoTitle')}</strong> — {t('home.demoBody')}
    </div>
  );
}
