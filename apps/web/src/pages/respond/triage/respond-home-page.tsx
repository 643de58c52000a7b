import { useTranslation } from 'react-i18next';
import { Page } from '../../../components/page';
import { Link } from '../../../router/router';
import { useSession } from '../../../session/session-context';
import { RESPOND_SECTIONS } from './respond-sections';


/** Respond's landing page: where reports come in, and the pages that handle them. */
export function RespondHomePage() {
  const { t } = useTranslation();
  const { may } = useSession();
  return (
    <Page title={t('respond.common.title')} lead={t('respond.common.lead')}>
      <ul className="card-list">
        {RESPOND_SECTIONS.filter((section) => may(section.permission)).map((section) => (
          <li key={section.id}>
            <Link href={section.href}>{t(`respond.common.sections.${section.id}`)}</Link>
            <p className="hint">{t(`respond.common.sections.${section.id}Description`)}</p>
          </li>
        ))}
        <li>
          <Link href="/report">{t('respond.common.sections.publicForm')}</Link>
          <p className="hint">{t('respond.common.sections.publicFormDescription')}</p>
        </li>
      </ul>
    </Page>
  );
}
