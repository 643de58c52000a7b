import { respondCaseRoutes } from '@vigil/api';
import type { CaseLinkKind, CaseStatus, Impact, ObservableType, Tlp, Urgency } from '@vigil/domain';
import { CASE_LINK_KINDS, CASE_TRANSITIONS, IMPACT_LEVELS, OBSERVABLE_TYPES, URGENCY_LEVELS } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../../components/error-summary';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../../components/fields';
import { LoadState } from '../../../components/load-state';
import { useEnumOptions } from '../../../components/options';
import { Page } from '../../../components/page';
import { useStatus } from '../../../components/status';
import { useAction } from '../../../components/use-action';
import { useLoad } from '../../../components/use-load';
import { formatDateTime } from '../../../lib/format';
import { Link } from '../../../router/router';
import { api } from '../../../session/api-client';
import { allOrganisations } from '../../../session/lists';
import { TLP_OPTIONS, TlpBadge, localToIso } from './case-bits';

type Detail = respondCaseRoutes.CaseDetailView;

interface SectionProps {
  readonly detail: Detail;
  readonly reload: () => void;
}

/** One case: details, status, organisations, tasks, playbooks, timeline, observables and links. */
export function CasePage({ id }: { readonly id: string }) {
  const { t, i18n } = useTranslation();
  const loaded = useLoad(() => api.call(respondCaseRoutes.getCase, { params: { id } }), [id]);
  const title = loaded.data ? `${loaded.data.case.reference}: ${loaded.data.case.title}` : t('respond.cases.title');
  return (
    <Page back={{ href: '/respond/cases', label: t('respond.cases.detail.back') }} title={title}>
      <LoadState data={loaded.data} problem={loaded.problem}>
        {(detail) => {
          const c = detail.case;
          return (
            <>
              <section aria-labelledby="case-details">
                <h2 id="case-details">{t('respond.cases.detail.details')}</h2>
                {c.summary ? <p>{c.summary}</p> : null}
                <dl className="details">
                  <dt>{t('respond.cases.detail.status')}</dt>
                  <dd>{t(`respond.cases.status.${c.status}`)}</dd>
                  <dt>{t('respond.cases.detail.severity')}</dt>
                  <dd>
                    {t(`respond.cases.severity.${c.severity}`)} ({t('respond.cases.fields.impact')}: {t(`respond.cases.levels.${c.impact}`)}, {t('respond.cases.fields.urgency')}: {t(`respond.cases.levels.${c.urgency}`)})
                  </dd>
                  <dt>{t('respond.cases.detail.type')}</dt>
                  <dd>{t(`respond.cases.types.${c.incidentType}`)}</dd>
                  <dt>{t('respond.cases.detail.tlp')}</dt>
                  <dd>
                    <TlpBadge tlp={c.tlp} />
                  </dd>
                  <dt>{t('respond.cases.detail.owner')}</dt>
                  <dd>{c.ownerOrganisationName}</dd>
                  <dt>{t('respond.cases.detail.jurisdiction')}</dt>
                  <dd>{c.jurisdictionName}</dd>
                  <dt>{t('respond.cases.detail.opened')}</dt>
                  <dd>{formatDateTime(c.openedAt, i18n.language)}</dd>
                  <dt>{t('respond.cases.detail.updated')}</dt>
                  <dd>{formatDateTime(c.updatedAt, i18n.language)}</dd>
                  {c.closedAt ? (
                    <>
                      <dt>{t('respond.cases.detail.closed')}</dt>
                      <dd>{formatDateTime(c.closedAt, i18n.language)}</dd>
                    </>
                  ) : null}
                </dl>
                {detail.canWork ? (
                  <>
                    <MoveForm detail={detail} reload={loaded.reload} />
                    <EditForm detail={detail} reload={loaded.reload} />
                  </>
                ) : (
                  <p className="notice">{t('respond.cases.detail.readOnly')}</p>
                )}
              </section>
              <p>
                <Link href={`/respond/cases/${c.id}/escalation`}>{t('respond.cases.detail.escalationLink')}</Link>
              </p>
              <OrganisationsSection detail={detail} reload={loaded.reload} />
              <TasksSection detail={detail} reload={loaded.reload} />
              {detail.canWork ? <PlaybookForm detail={detail} reload={loaded.reload} /> : null}
              <TimelineSection detail={detail} reload={loaded.reload} />
              <ObservablesSection detail={detail} reload={loaded.reload} />
              <LinksSection detail={detail} reload={loaded.reload} />
            </>
          );
        }}
      </LoadState>
    </Page>
  );
}

function MoveForm({ detail, reload }: SectionProps) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const moves = CASE_TRANSITIONS[detail.case.status];
  const [status, setStatus] = useState<CaseStatus>(moves[0] ?? detail.case.status);
  const [note, setNote] = useState('');
  const options = useEnumOptions(moves, 'respond.cases.status');
  const form = 'case-move';
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      await api.call(respondCaseRoutes.moveCase, { params: { id: detail.case.id }, body: { status, note: note || undefined } });
      setNote('');
      reload();
      announce(t('respond.cases.move.moved', { status: t(`respond.cases.status.${status}`) }));
    });
  }
  return (
    <form id={form} className="form panel" onSubmit={submit} noValidate aria-labelledby={`${form}-legend`}>
      <h3 id={`${form}-legend`}>{t('respond.cases.move.legend')}</h3>
      <ErrorSummary problem={action.problem} form={form} />
      <SelectField form={form} path="status" label={t('respond.cases.move.to')} value={status} options={options} onChange={(e) => setStatus(e.target.value as CaseStatus)} errors={action.errors} />
      <TextField form={form} path="note" label={t('respond.cases.move.note')} value={note} onChange={(e) => setNote(e.target.value)} errors={action.errors} />
      <button type="submit" disabled={action.busy}>
        {t('respond.cases.move.submit')}
      </button>
    </form>
  );
}

function EditForm({ detail, reload }: SectionProps) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const c = detail.case;
  const [title, setTitle] = useState(c.title);
  const [summary, setSummary] = useState(c.summary);
  const [impact, setImpact] = useState<Impact>(c.impact);
  const [urgency, setUrgency] = useState<Urgency>(c.urgency);
  const [tlp, setTlp] = useState<Tlp>(c.tlp);
  const [owner, setOwner] = useState(c.ownerOrganisationId);
  const impacts = useEnumOptions(IMPACT_LEVELS, 'respond.cases.levels');
  const urgencies = useEnumOptions(URGENCY_LEVELS, 'respond.cases.levels');
  const form = 'case-edit';
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      await api.call(respondCaseRoutes.updateCase, { params: { id: c.id }, body: { title, summary, impact, urgency, tlp, ownerOrganisationId: owner } });
      reload();
      announce(t('respond.cases.edit.saved'));
    });
  }
  return (
    <details className="help">
      <summary>{t('respond.cases.edit.legend')}</summary>
      <form id={form} className="form" onSubmit={submit} noValidate aria-label={t('respond.cases.edit.legend')}>
        <ErrorSummary problem={action.problem} form={form} />
        <TextField form={form} path="title" label={t('respond.cases.fields.title')} value={title} onChange={(e) => setTitle(e.target.value)} errors={action.errors} required />
        <TextAreaField form={form} path="summary" label={t('respond.cases.fields.summary')} rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} errors={action.errors} />
        <div className="grid-fields">
          <SelectField form={form} path="impact" label={t('respond.cases.fields.impact')} value={impact} options={impacts} onChange={(e) => setImpact(e.target.value as Impact)} errors={action.errors} />
          <SelectField form={form} path="urgency" label={t('respond.cases.fields.urgency')} value={urgency} options={urgencies} onChange={(e) => setUrgency(e.target.value as Urgency)} errors={action.errors} />
        </div>
        <SelectField form={form} path="tlp" label={t('respond.cases.fields.tlp')} hint={t('respond.cases.fields.tlpHint')} value={tlp} options={TLP_OPTIONS} onChange={(e) => setTlp(e.target.value as Tlp)} errors={action.errors} />
        <SelectField
          form={form}
          path="ownerOrganisationId"
          label={t('respond.cases.fields.owner')}
          hint={t('respond.cases.edit.ownerHint')}
          value={owner}
          options={detail.organisations.map((o) => ({ value: o.id, label: o.name }))}
          onChange={(e) => setOwner(e.target.value)}
          errors={action.errors}
        />
        <button type="submit" disabled={action.busy}>
          {t('respond.cases.edit.submit')}
        </button>
      </form>
    </details>
  );
}

function OrganisationsSection({ detail, reload }: SectionProps) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const [organisationId, setOrganisationId] = useState('');
  const organisations = useLoad(() => (detail.canWork ? allOrganisations() : Promise.resolve([])), [detail.canWork]);
  const form = 'case-organisation';
  const present = new Set(detail.organisations.map((o) => o.id));
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      await api.call(respondCaseRoutes.addCaseOrganisation, { params: { id: detail.case.id }, body: { organisationId } });
      setOrganisationId('');
      reload();
      announce(t('respond.cases.detail.added'));
    });
  }
  return (
    <section aria-labelledby="case-organisations">
      <h2 id="case-organisations">{t('respond.cases.detail.organisations')}</h2>
      <ul className="plain-list">
        {detail.organisations.map((o) => (
          <li key={o.id}>
            {o.name} ({t(o.role === 'owner' ? 'respond.cases.detail.roleOwner' : 'respond.cases.detail.roleCollaborator')})
          </li>
        ))}
      </ul>
      {detail.canWork ? (
        <form id={form} className="form-inline" onSubmit={submit} noValidate aria-label={t('respond.cases.detail.addOrganisation')}>
          <ErrorSummary problem={action.problem} form={form} />
          <SelectField
            form={form}
            path="organisationId"
            label={t('respond.cases.detail.organisation')}
            value={organisationId}
            emptyLabel="—"
            options={(organisations.data ?? []).filter((o) => !present.has(o.id)).map((o) => ({ value: o.id, label: o.name }))}
            onChange={(e) => setOrganisationId(e.target.value)}
            errors={action.errors}
          />
          <button type="submit" className="secondary" disabled={action.busy || organisationId === ''}>
            {t('respond.cases.detail.add')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

function TasksSection({ detail, reload }: SectionProps) {
  const { t, i18n } = useTranslation();
  const { announce } = useStatus();
  const toggle = useAction();
  const add = useAction();
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const names = new Map(detail.organisations.map((o) => [o.id, o.name]));
  const form = 'case-task';
  const now = Date.now();
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void add.run(async () => {
      await api.call(respondCaseRoutes.addCaseTask, { params: { id: detail.case.id }, body: { title, ownerOrganisationId: owner || undefined, dueAt: localToIso(due) ?? null } });
      setTitle('');
      setDue('');
      reload();
      announce(t('respond.cases.tasks.added'));
    });
  }
  return (
    <section aria-labelledby="case-tasks">
      <h2 id="case-tasks">{t('respond.cases.tasks.title')}</h2>
      <ErrorSummary problem={toggle.problem} />
      {detail.tasks.length === 0 ? (
        <p>{t('respond.cases.tasks.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t('respond.cases.tasks.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('respond.cases.tasks.task')}</th>
                <th scope="col">{t('respond.cases.tasks.owner')}</th>
                <th scope="col">{t('respond.cases.tasks.due')}</th>
                <th scope="col">{t('respond.cases.tasks.state')}</th>
              </tr>
            </thead>
            <tbody>
              {detail.tasks.map((task) => {
                const overdue = task.status === 'open' && task.dueAt !== null && Date.parse(task.dueAt) < now;
                return (
                  <tr key={task.id}>
                    <th scope="row">
                      {task.title}
                      {task.description ? <p className="small muted">{task.description}</p> : null}
                    </th>
                    <td>{task.ownerOrganisationId ? (names.get(task.ownerOrganisationId) ?? '—') : '—'}</td>
                    <td>
                      {task.dueAt ? formatDateTime(task.dueAt, i18n.language) : '—'}
                      {overdue ? <span className="badge">{t('respond.cases.tasks.overdue')}</span> : null}
                    </td>
                    <td>
                      {t(task.status === 'done' ? 'respond.cases.tasks.done' : 'respond.cases.tasks.open')}
                      {detail.canWork ? (
                        <>
                          {' '}
                          <button
                            type="button"
                            className="secondary"
                            disabled={toggle.busy}
                            onClick={() => {
                              const done = task.status !== 'done';
                              void toggle.run(async () => {
                                await api.call(respondCaseRoutes.updateCaseTask, { params: { id: detail.case.id, taskId: task.id }, body: { done } });
                                reload();
                              });
                            }}
                          >
                            {t(task.status === 'done' ? 'respond.cases.tasks.markOpen' : 'respond.cases.tasks.markDone', { task: task.title })}
                          </button>
                        </>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {detail.canWork ? (
        <form id={form} className="form panel" onSubmit={submit} noValidate aria-labelledby={`${form}-legend`}>
          <h3 id={`${form}-legend`}>{t('respond.cases.tasks.add')}</h3>
          <ErrorSummary problem={add.problem} form={form} />
          <TextField form={form} path="title" label={t('respond.cases.tasks.newTitle')} value={title} onChange={(e) => setTitle(e.target.value)} errors={add.errors} required />
          <SelectField
            form={form}
            path="ownerOrganisationId"
            label={t('respond.cases.tasks.owner')}
            value={owner}
            emptyLabel={detail.case.ownerOrganisationName}
            options={detail.organisations.filter((o) => o.role !== 'owner').map((o) => ({ value: o.id, label: o.name }))}
            onChange={(e) => setOwner(e.target.value)}
            errors={add.errors}
          />
          <TextField form={form} path="dueAt" type="datetime-local" label={t('respond.cases.tasks.dueAt')} value={due} onChange={(e) => setDue(e.target.value)} errors={add.errors} />
          <button type="submit" disabled={add.busy}>
            {t('respond.cases.tasks.submit')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

function PlaybookForm({ detail, reload }: SectionProps) {
  const { t, i18n } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const [playbookId, setPlaybookId] = useState('');
  const playbooks = useLoad(
    () => api.call(respondCaseRoutes.listPlaybooks, { query: { incidentType: detail.case.incidentType, severity: detail.case.severity } }),
    [detail.case.incidentType, detail.case.severity],
  );
  const form = 'case-playbook';
  const language = i18n.language === 'fr' ? 'fr' : 'en';
  const items = [...(playbooks.data?.items ?? [])].sort((a, b) => Number(b.applies) - Number(a.applies));
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      const applied = await api.call(respondCaseRoutes.applyPlaybook, { params: { id: detail.case.id }, body: { playbookId } });
      setPlaybookId('');
      reload();
      announce(t('respond.cases.playbook.applied', { count: applied.tasks.length }));
    });
  }
  return (
    <form id={form} className="form panel" onSubmit={submit} noValidate aria-labelledby={`${form}-legend`}>
      <h3 id={`${form}-legend`}>{t('respond.cases.playbook.title')}</h3>
      <ErrorSummary problem={action.problem ?? playbooks.problem} form={form} />
      <SelectField
        form={form}
        path="playbookId"
        label={t('respond.cases.playbook.playbook')}
        hint={t('respond.cases.playbook.hint')}
        value={playbookId}
        emptyLabel={t('respond.cases.playbook.choose')}
        options={items.map((p) => ({
          value: p.id,
          label: p.applies ? t('respond.cases.playbook.applies', { title: p.title[language] }) : p.title[language],
        }))}
        onChange={(e) => setPlaybookId(e.target.value)}
        errors={action.errors}
      />
      <button type="submit" disabled={action.busy || playbookId === ''}>
        {t('respond.cases.playbook.submit')}
      </button>
    </form>
  );
}

function TimelineSection({ detail, reload }: SectionProps) {
  const { t, i18n } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const [body, setBody] = useState('');
  const [tlp, setTlp] = useState<Tlp>(detail.case.tlp);
  const [recipients, setRecipients] = useState<string[]>([]);
  const form = 'case-note';
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      const named = tlp === 'amber' || tlp === 'red';
      await api.call(respondCaseRoutes.addCaseNote, {
        params: { id: detail.case.id },
        body: { body, tlp, recipientOrganisationIds: named ? recipients : undefined },
      });
      setBody('');
      setRecipients([]);
      reload();
      announce(t('respond.cases.timeline.added'));
    });
  }
  return (
    <section aria-labelledby="case-timeline">
      <h2 id="case-timeline">{t('respond.cases.timeline.title')}</h2>
      {detail.timeline.length === 0 ? (
        <p>{t('respond.cases.timeline.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t('respond.cases.timeline.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('respond.cases.timeline.at')}</th>
                <th scope="col">{t('respond.cases.timeline.by')}</th>
                <th scope="col">{t('respond.cases.timeline.what')}</th>
              </tr>
            </thead>
            <tbody>
              {detail.timeline.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDateTime(entry.at, i18n.language)}</td>
                  <td>{entry.authorLabel}</td>
                  <td>
                    <TlpBadge tlp={entry.tlp} /> {entry.body}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {detail.canWork ? (
        <form id={form} className="form panel" onSubmit={submit} noValidate aria-labelledby={`${form}-legend`}>
          <h3 id={`${form}-legend`}>{t('respond.cases.timeline.note')}</h3>
          <ErrorSummary problem={action.problem} form={form} />
          <TextAreaField form={form} path="body" label={t('respond.cases.timeline.note')} rows={4} value={body} onChange={(e) => setBody(e.target.value)} errors={action.errors} required />
          <SelectField form={form} path="tlp" label={t('respond.cases.timeline.noteTlp')} value={tlp} options={TLP_OPTIONS} onChange={(e) => setTlp(e.target.value as Tlp)} errors={action.errors} required />
          {tlp === 'amber' || tlp === 'red' ? (
            <fieldset>
              <legend>{t('respond.cases.timeline.recipients')}</legend>
              <p className="hint">{t('respond.cases.timeline.recipientsHint')}</p>
              {detail.organisations.map((o) => (
                <CheckboxField
                  key={o.id}
                  form={form}
                  path={`recipient-${o.id}`}
                  label={o.name}
                  checked={recipients.includes(o.id)}
                  onChange={(e) => setRecipients(e.target.checked ? [...recipients, o.id] : recipients.filter((r) => r !== o.id))}
                />
              ))}
            </fieldset>
          ) : null}
          <button type="submit" disabled={action.busy}>
            {t('respond.cases.timeline.submit')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

function ObservablesSection({ detail, reload }: SectionProps) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const remove = useAction();
  const [type, setType] = useState<ObservableType>('url');
  const [value, setValue] = useState('');
  const types = useEnumOptions(OBSERVABLE_TYPES, 'respond.cases.observables.types');
  const form = 'case-observable';
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      await api.call(respondCaseRoutes.addCaseObservable, { params: { id: detail.case.id }, body: { type, value } });
      setValue('');
      reload();
      announce(t('respond.cases.observables.added'));
    });
  }
  return (
    <section aria-labelledby="case-observables">
      <h2 id="case-observables">{t('respond.cases.observables.title')}</h2>
      <ErrorSummary problem={remove.problem} />
      {detail.observables.length === 0 ? (
        <p>{t('respond.cases.observables.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t('respond.cases.observables.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('respond.cases.observables.type')}</th>
                <th scope="col">{t('respond.cases.observables.value')}</th>
                {detail.canWork ? <td /> : null}
              </tr>
            </thead>
            <tbody>
              {detail.observables.map((o) => (
                <tr key={o.id}>
                  <td>{t(`respond.cases.observables.types.${o.type}`)}</td>
                  <th scope="row" className="mono">
                    {o.value}
                  </th>
                  {detail.canWork ? (
                    <td>
                      <button
                        type="button"
                        className="secondary"
                        disabled={remove.busy}
                        onClick={() =>
                          void remove.run(async () => {
                            await api.call(respondCaseRoutes.removeCaseObservable, { params: { id: detail.case.id, observableId: o.id } });
                            reload();
                            announce(t('respond.cases.observables.removed'));
                          })
                        }
                      >
                        {t('respond.cases.observables.remove', { value: o.value })}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {detail.canWork ? (
        <form id={form} className="form-inline" onSubmit={submit} noValidate aria-label={t('respond.cases.observables.add')}>
          <ErrorSummary problem={action.problem} form={form} />
          <SelectField form={form} path="type" label={t('respond.cases.observables.type')} value={type} options={types} onChange={(e) => setType(e.target.value as ObservableType)} errors={action.errors} />
          <TextField form={form} path="value" label={t('respond.cases.observables.value')} value={value} onChange={(e) => setValue(e.target.value)} errors={action.errors} className="mono" spellCheck={false} required />
          <button type="submit" disabled={action.busy}>
            {t('respond.cases.observables.submit')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

function LinksSection({ detail, reload }: SectionProps) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const [kind, setKind] = useState<CaseLinkKind>('detection');
  const [ref, setRef] = useState('');
  const [label, setLabel] = useState('');
  const kinds = useEnumOptions(CASE_LINK_KINDS, 'respond.cases.links.kinds');
  const form = 'case-link';
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      await api.call(respondCaseRoutes.addCaseLink, { params: { id: detail.case.id }, body: { kind, ref, label: label || undefined } });
      setRef('');
      setLabel('');
      reload();
      announce(t('respond.cases.links.added'));
    });
  }
  return (
    <section aria-labelledby="case-links">
      <h2 id="case-links">{t('respond.cases.links.title')}</h2>
      {detail.links.length === 0 ? (
        <p>{t('respond.cases.links.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t('respond.cases.links.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('respond.cases.links.kind')}</th>
                <th scope="col">{t('respond.cases.links.ref')}</th>
                <th scope="col">{t('respond.cases.links.label')}</th>
              </tr>
            </thead>
            <tbody>
              {detail.links.map((l) => (
                <tr key={l.id}>
                  <td>{t(`respond.cases.links.kinds.${l.kind}`)}</td>
                  <th scope="row" className="mono">
                    {l.kind === 'case' ? <Link href={`/respond/cases/${l.ref}`}>{l.ref}</Link> : l.kind === 'report' ? <Link href={`/respond/reports/${l.ref}`}>{l.ref}</Link> : l.ref}
                  </th>
                  <td>{l.label}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {detail.canWork ? (
        <form id={form} className="form-inline" onSubmit={submit} noValidate aria-label={t('respond.cases.links.add')}>
          <ErrorSummary problem={action.problem} form={form} />
          <SelectField form={form} path="kind" label={t('respond.cases.links.kind')} value={kind} options={kinds} onChange={(e) => setKind(e.target.value as CaseLinkKind)} errors={action.errors} />
          <TextField form={form} path="ref" label={t('respond.cases.links.ref')} value={ref} onChange={(e) => setRef(e.target.value)} errors={action.errors} className="mono" spellCheck={false} required />
          <TextField form={form} path="label" label={t('respond.cases.links.label')} value={label} onChange={(e) => setLabel(e.target.value)} errors={action.errors} />
          <button type="submit" disabled={action.busy}>
            {t('respond.cases.links.submit')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
