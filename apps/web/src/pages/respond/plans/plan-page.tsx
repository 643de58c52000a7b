import type { respondCaseRoutes as C } from '@vigil/api';
import { respondCaseRoutes } from '@vigil/api';
import type { Tlp } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../../components/error-summary';
import { SelectField, TextAreaField } from '../../../components/fields';
import { LoadState } from '../../../components/load-state';
import type { MultiSelectTexts } from '../../../components/multi-select';
import { MultiSelect } from '../../../components/multi-select';
import { Page } from '../../../components/page';
import { useStatus } from '../../../components/status';
import { useAction } from '../../../components/use-action';
import { useLoad } from '../../../components/use-load';
import { formatDateTime, formatRelativeDue } from '../../../lib/format';
import { Link } from '../../../router/router';
import { api } from '../../../session/api-client';
import { allOrganisations } from '../../../session/lists';
import { useLoggedIn } from '../../../session/session-context';
import { TLP_OPTIONS, TlpBadge } from '../cases/case-bits';

/** One contingency plan: scenario, triggers, actions, tasks, its activations, and the sign-off form. */
export function PlanPage({ id }: { readonly id: string }) {
  const { t, i18n } = useTranslation();
  const { user, may } = useLoggedIn();
  const loaded = useLoad(() => api.call(respondCaseRoutes.getPlan, { params: { id } }), [id]);
  return (
    <Page back={{ href: '/respond/plans', label: t('respond.plans.detail.back') }} title={loaded.data?.title ?? t('respond.plans.title')}>
      <LoadState data={loaded.data} problem={loaded.problem}>
        {(plan) => {
          const mayDecide = user.memberships.some((m) => m.organisationId === plan.decisionOwnerOrganisationId && (m.role === 'admin' || m.role === 'coordinator'));
          return (
            <>
              <p>
                <span data-testid="plan-tlp">
                  <TlpBadge tlp={plan.tlp} />
                </span>{' '}
                <strong>{plan.active ? t('respond.plans.active') : t('respond.plans.ready')}</strong> — {t(`respond.cases.types.${plan.incidentType}`)}, {plan.decisionOwnerOrganisationName}
              </p>
              <p className="hint">{t(`respond.plans.marking.meaning.${plan.tlp}`)}</p>
              <section aria-labelledby="plan-scenario">
                <h2 id="plan-scenario">{t('respond.plans.detail.scenario')}</h2>
                <p>{plan.scenario}</p>
              </section>
              <section aria-labelledby="plan-triggers">
                <h2 id="plan-triggers">{t('respond.plans.detail.triggers')}</h2>
                <ul className="plain-list">
                  {plan.triggers.map((trigger) => (
                    <li key={trigger}>{trigger}</li>
                  ))}
                </ul>
              </section>
              <section aria-labelledby="plan-actions">
                <h2 id="plan-actions">{t('respond.plans.detail.actions')}</h2>
                <ul className="plain-list">
                  {plan.actions.map((action) => (
                    <li key={action}>{action}</li>
                  ))}
                </ul>
              </section>
              <section aria-labelledby="plan-tasks">
                <h2 id="plan-tasks">{t('respond.plans.detail.tasks')}</h2>
                <ul className="plain-list">
                  {plan.tasks.map((task) => (
                    <li key={task.key}>
                      <span>{formatRelativeDue(task.due, i18n.language)}</span> {task.title}
                    </li>
                  ))}
                </ul>
              </section>
              <section aria-labelledby="plan-activations">
                <h2 id="plan-activations">{t('respond.plans.detail.activations')}</h2>
                {plan.activations.length === 0 ? (
                  <p>{t('respond.plans.detail.none')}</p>
                ) : (
                  <div className="table-wrap">
                    <table>
                      <caption>{t('respond.plans.detail.activationsCaption')}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('respond.plans.detail.case')}</th>
                          <th scope="col">{t('respond.plans.detail.activated')}</th>
                          <th scope="col">{t('respond.plans.detail.deactivated')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {plan.activations.map((a) => (
                          <tr key={a.id}>
                            <th scope="row">
                              <Link href={`/respond/cases/${a.caseReference}`}>{a.caseReference}</Link>
                            </th>
                            <td>
                              {t('respond.plans.detail.signedBy', { who: a.activatedByLabel, when: formatDateTime(a.activatedAt, i18n.language) })}
                              <p className="small">{a.statement}</p>
                            </td>
                            <td>
                              {a.deactivatedAt ? (
                                <>
                                  {t('respond.plans.detail.signedBy', { who: a.deactivatedByLabel ?? '', when: formatDateTime(a.deactivatedAt, i18n.language) })}
                                  <p className="small">{a.deactivationStatement}</p>
                                </>
                              ) : (
                                '—'
                              )}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </section>
              {mayDecide ? (
                <SignOffForm planId={plan.id} active={plan.active} reload={loaded.reload} />
              ) : (
                <p className="notice">{t('respond.plans.detail.notYours', { organisation: plan.decisionOwnerOrganisationName })}</p>
              )}
              {may('playbook.manage') ? <MarkingForm key={plan.updatedAt} plan={plan} reload={loaded.reload} /> : null}
            </>
          );
        }}
      </LoadState>
    </Page>
  );
}

function SignOffForm({ planId, active, reload }: { readonly planId: string; readonly active: boolean; readonly reload: () => void }) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const [statement, setStatement] = useState('');
  const form = active ? 'plan-deactivate' : 'plan-activate';
  const texts = active ? 'respond.plans.detail.deactivate' : 'respond.plans.detail.activate';
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      if (active) {
        await api.call(respondCaseRoutes.deactivatePlan, { params: { id: planId }, body: { statement } });
        announce(t('respond.plans.detail.deactivate.done'));
      } else {
        const result = await api.call(respondCaseRoutes.activatePlan, { params: { id: planId }, body: { statement } });
        announce(t('respond.plans.detail.activate.done', { reference: result.activation.caseReference }));
      }
      setStatement('');
      reload();
    });
  }
  return (
    <form id={form} className="form panel" onSubmit={submit} noValidate aria-labelledby={`${form}-legend`}>
      <h2 id={`${form}-legend`}>{t(`${texts}.legend`)}</h2>
      <ErrorSummary problem={action.problem} form={form} />
      <TextAreaField
        form={form}
        path="statement"
        label={t(`${texts}.statement`)}
        hint={active ? undefined : t('respond.plans.detail.activate.statementHint')}
        rows={3}
        value={statement}
        onChange={(e) => setStatement(e.target.value)}
        errors={action.errors}
        required
      />
      <button type="submit" disabled={action.busy}>
        {t(`${texts}.submit`)}
      </button>
    </form>
  );
}

/** Changes the plan's TLP marking and the organisations it is shared with (its TLP community). */
function MarkingForm({ plan, reload }: { readonly plan: C.ContingencyPlanView; readonly reload: () => void }) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const form = 'plan-marking';
  const [tlp, setTlp] = useState<Tlp>(plan.tlp);
  const [shared, setShared] = useState<readonly string[]>(() => plan.sharedWithOrganisationIds);
  const organisations = useLoad(() => allOrganisations(), []);
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      await api.call(respondCaseRoutes.setPlanMarking, { params: { id: plan.id }, body: { tlp, sharedWithOrganisationIds: [...shared] } });
      announce(t('respond.plans.marking.saved'));
      reload();
    });
  }
  const others = (organisations.data ?? []).filter((o) => o.id !== plan.decisionOwnerOrganisationId);
  const count = (n: number) => (n === 0 ? t('respond.plans.marking.picker.notShared') : t('respond.plans.marking.picker.count', { count: n }));
  const pickerTexts: MultiSelectTexts = {
    search: t('respond.plans.marking.picker.search'),
    results: t('respond.plans.marking.picker.results'),
    chosen: count,
    noneChosen: t('respond.plans.marking.picker.noneChosen'),
    matches: (n, shown) => `${t('respond.plans.marking.picker.matches', { count: n, shown })}${n > shown ? ` ${t('respond.plans.marking.picker.narrow')}` : ''}`,
    add: (name) => t('respond.plans.marking.picker.add', { name }),
    remove: (name) => t('respond.plans.marking.picker.remove', { name }),
    added: (name, n) => `${t('respond.plans.marking.picker.added', { name })} ${count(n)}.`,
    removed: (name, n) => `${t('respond.plans.marking.picker.removed', { name })} ${count(n)}.`,
  };
  return (
    <form id={form} className="form panel" onSubmit={submit} noValidate aria-labelledby={`${form}-legend`}>
      <h2 id={`${form}-legend`}>{t('respond.plans.marking.legend')}</h2>
      <ErrorSummary problem={action.problem ?? organisations.problem} form={form} />
      <SelectField form={form} path="tlp" label={t('respond.plans.marking.tlp')} hint={t('respond.plans.marking.tlpHint')} value={tlp} options={TLP_OPTIONS} onChange={(e) => setTlp(e.target.value as Tlp)} errors={action.errors} />
      <MultiSelect
        form={form}
        path="sharedWithOrganisationIds"
        legend={t('respond.plans.marking.sharedWith')}
        hint={t('respond.plans.marking.sharedWithHint', { organisation: plan.decisionOwnerOrganisationName })}
        options={others.map((o) => ({ value: o.id, label: o.name, detail: t(`organisationTypes.${o.type}`) }))}
        value={shared}
        onChange={setShared}
        errors={action.errors}
        texts={pickerTexts}
      />
      <button type="submit" disabled={action.busy}>
        {t('respond.plans.marking.submit')}
      </button>
    </form>
  );
}
