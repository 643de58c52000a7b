import { respondCaseRoutes } from '@vigil/api';
import type { PlaybookDefinition } from '@vigil/domain';
import { useTranslation } from 'react-i18next';
import { LoadState } from '../../../components/load-state';
import { Page } from '../../../components/page';
import { useLoad } from '../../../components/use-load';
import { formatDateTime, formatRelativeDue } from '../../../lib/format';
import { Link, useSearchParams } from '../../../router/router';
import { api } from '../../../session/api-client';
import { useLoggedIn } from '../../../session/session-context';

/** One playbook: a version's definition (the current one unless `?version=`) and every version. */
export function PlaybookPage({ id }: { readonly id: string }) {
  const { t, i18n } = useTranslation();
  const { may } = useLoggedIn();
  const search = useSearchParams();
  const asked = Number.parseInt(search.get('version') ?? '', 10);
  const language = i18n.language === 'fr' ? 'fr' : 'en';
  const loaded = useLoad(async () => {
    const playbook = await api.call(respondCaseRoutes.getPlaybook, { params: { id } });
    const version =
      Number.isInteger(asked) && asked !== playbook.currentVersion
        ? await api.call(respondCaseRoutes.getPlaybookVersion, { params: { id, version: asked } })
        : { version: playbook.currentVersion, definition: playbook.definition };
    return { playbook, shown: version };
  }, [id, asked]);
  const title = loaded.data ? loaded.data.shown.definition.title[language] : t('respond.playbooks.title');
  return (
    <Page
      back={{ href: '/respond/playbooks', label: t('respond.playbooks.detail.back') }}
      title={title}
      lead={loaded.data?.shown.definition.summary[language]}
      actions={
        may('playbook.manage') && loaded.data ? (
          <Link className="button" href={`/respond/playbooks/${loaded.data.playbook.key}/edit`}>
            {t('respond.playbooks.detail.edit')}
          </Link>
        ) : null
      }
    >
      <LoadState data={loaded.data} problem={loaded.problem}>
        {({ playbook, shown }) => (
          <>
            {shown.version !== playbook.currentVersion ? (
              <p className="notice">{t('respond.playbooks.detail.showing', { version: shown.version, current: playbook.currentVersion })}</p>
            ) : null}
            <Definition definition={shown.definition} />
            <section aria-labelledby="playbook-versions">
              <h2 id="playbook-versions">{t('respond.playbooks.detail.versions')}</h2>
              <div className="table-wrap">
                <table>
                  <caption>{t('respond.playbooks.detail.versionsCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('respond.playbooks.detail.version')}</th>
                      <th scope="col">{t('respond.playbooks.detail.note')}</th>
                      <th scope="col">{t('respond.playbooks.detail.by')}</th>
                      <th scope="col">{t('respond.playbooks.detail.when')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {playbook.versions.map((v) => (
                      <tr key={v.version}>
                        <th scope="row">
                          {v.version === shown.version ? (
                            v.version
                          ) : (
                            <Link href={`/respond/playbooks/${playbook.key}?version=${v.version}`} aria-label={t('respond.playbooks.detail.view', { version: v.version })}>
                              {v.version}
                            </Link>
                          )}
                        </th>
                        <td>{v.note}</td>
                        <td>{v.createdByLabel}</td>
                        <td>{formatDateTime(v.createdAt, i18n.language)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          </>
        )}
      </LoadState>
    </Page>
  );
}

/** A playbook definition, read-only. */
export function Definition({ definition }: { readonly definition: PlaybookDefinition }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'fr' ? 'fr' : 'en';
  const owner = definition.decisionOwner;
  return (
    <>
      <section aria-labelledby="playbook-trigger">
        <h2 id="playbook-trigger">{t('respond.playbooks.detail.trigger')}</h2>
        <dl className="details">
          <dt>{t('respond.playbooks.detail.types')}</dt>
          <dd>{definition.trigger.incidentTypes.map((type) => t(`respond.cases.types.${type}`)).join(', ')}</dd>
          <dt>{t('respond.playbooks.detail.minSeverity')}</dt>
          <dd>{t(`respond.cases.severity.${definition.trigger.minimumSeverity}`)}</dd>
          <dt>{t('respond.playbooks.detail.decisionOwner')}</dt>
          <dd>
            {t('respond.playbooks.detail.decisionOwnerIs', {
              title: owner.title,
              role: t(`roles.${owner.role}`),
              organisation: owner.organisation === 'case-owner' ? t('respond.playbooks.caseOwner') : t(`organisationTypes.${owner.organisation}`),
            })}
          </dd>
        </dl>
      </section>
      <section aria-labelledby="playbook-actions">
        <h2 id="playbook-actions">{t('respond.playbooks.detail.actions')}</h2>
        <ul className="plain-list">
          {definition.preApprovedActions.map((action) => (
            <li key={action}>{action}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="playbook-tasks">
        <h2 id="playbook-tasks">{t('respond.playbooks.detail.tasks')}</h2>
        <div className="table-wrap">
          <table>
            <caption>{t('respond.playbooks.detail.taskCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('respond.playbooks.detail.due')}</th>
                <th scope="col">{t('respond.cases.tasks.task')}</th>
              </tr>
            </thead>
            <tbody>
              {definition.tasks.map((task) => (
                <tr key={task.key}>
                  <td>{formatRelativeDue(task.due, i18n.language)}</td>
                  <th scope="row">
                    {task.title}
                    {task.description ? <p className="small muted">{task.description}</p> : null}
                  </th>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {definition.communications.length > 0 ? (
        <section aria-labelledby="playbook-communications">
          <h2 id="playbook-communications">{t('respond.playbooks.detail.communications')}</h2>
          {definition.communications.map((message) => (
            <article key={message.key} className="panel">
              <h3>{message.subject[language]}</h3>
              <p className="small muted">{t('respond.playbooks.detail.audience', { audience: t(`respond.playbooks.audiences.${message.audience}`) })}</p>
              <p>{message.body[language]}</p>
            </article>
          ))}
        </section>
      ) : null}
    </>
  );
}
