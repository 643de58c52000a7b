import { respondCaseRoutes } from '@vigil/api';
import { useTranslation } from 'react-i18next';
import { LoadState } from '../../../components/load-state';
import { Page } from '../../../components/page';
import { useLoad } from '../../../components/use-load';
import { Link } from '../../../router/router';
import { api } from '../../../session/api-client';
import { useLoggedIn } from '../../../session/session-context';

/** The playbook library, current versions. */
export function PlaybooksPage() {
  const { t, i18n } = useTranslation();
  const { may } = useLoggedIn();
  const language = i18n.language === 'fr' ? 'fr' : 'en';
  const list = useLoad(() => api.call(respondCaseRoutes.listPlaybooks, { query: {} }), []);
  return (
    <Page
      title={t('respond.playbooks.title')}
      lead={t('respond.playbooks.lead')}
      actions={
        may('playbook.manage') ? (
          <Link className="button" href="/respond/playbooks/new">
            {t('respond.playbooks.new')}
          </Link>
        ) : null
      }
    >
      <LoadState data={list.data} problem={list.problem}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t('respond.playbooks.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t('respond.playbooks.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('respond.playbooks.columns.title')}</th>
                    <th scope="col">{t('respond.playbooks.columns.types')}</th>
                    <th scope="col">{t('respond.playbooks.columns.minSeverity')}</th>
                    <th scope="col" className="numeric">
                      {t('respond.playbooks.columns.version')}
                    </th>
                    <th scope="col" className="numeric">
                      {t('respond.playbooks.columns.tasks')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => (
                    <tr key={item.id}>
                      <th scope="row">
                        <Link href={`/respond/playbooks/${item.key}`}>{item.title[language]}</Link>
                        <p className="small muted">{item.summary[language]}</p>
                      </th>
                      <td>{item.trigger.incidentTypes.map((type) => t(`respond.cases.types.${type}`)).join(', ')}</td>
                      <td>{t(`respond.cases.severity.${item.trigger.minimumSeverity}`)}</td>
                      <td className="numeric">{item.currentVersion}</td>
                      <td className="numeric">{item.taskCount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadState>
    </Page>
  );
}
