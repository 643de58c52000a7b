import { respondCaseRoutes } from '@vigil/api';
import type { CommunicationTemplate, DecisionOwner, IncidentType, PlaybookDefinition, RelativeDue, Role, Severity, TaskTemplate } from '@vigil/domain';
import { COMMUNICATION_AUDIENCES, INCIDENT_TYPES, ORGANISATION_TYPES, ROLES, SEVERITIES } from '@vigil/domain';
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
import { fieldId } from '../../../lib/field-errors';
import { navigate } from '../../../router/router';
import { api } from '../../../session/api-client';

const FORM = 'playbook-edit';

const EMPTY: PlaybookDefinition = {
  key: '',
  title: { en: '', fr: '' },
  summary: { en: '', fr: '' },
  trigger: { incidentTypes: [], minimumSeverity: 'low' },
  decisionOwner: { organisation: 'case-owner', role: 'coordinator', title: '' },
  preApprovedActions: [],
  tasks: [],
  communications: [],
};

/** Tasks as the editor shows them: `due | title | description`, one per line. */
function tasksToText(tasks: readonly TaskTemplate[]): string {
  return tasks.map((task) => [task.due, task.title, task.description].filter((part, index) => index < 2 || part !== '').join(' | ')).join('\n');
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/** The editor's task lines as templates; a task keeps its key while its title stays the same. */
function textToTasks(text: string, previous: readonly TaskTemplate[]): TaskTemplate[] {
  const used = new Set<string>();
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line, index) => {
      const [due = '', title = '', ...rest] = line.split('|').map((part) => part.trim());
      const existing = previous.find((task) => task.title === title && !used.has(task.key));
      let key = existing?.key ?? (slug(title) || `task-${index + 1}`);
      for (let n = 2; used.has(key); n += 1) key = `${existing?.key ?? (slug(title) || 'task')}-${n}`;
      used.add(key);
      return { key, title, description: rest.join(' | '), due: due as RelativeDue };
    });
}

/** Edits a playbook (saving makes its next version) or, without `id`, creates one. */
export function PlaybookEditPage({ id }: { readonly id?: string }) {
  const { t } = useTranslation();
  const loaded = useLoad(async () => (id ? (await api.call(respondCaseRoutes.getPlaybook, { params: { id } })).definition : EMPTY), [id]);
  return (
    <Page
      back={{ href: id ? `/respond/playbooks/${id}` : '/respond/playbooks', label: t('respond.playbooks.detail.back') }}
      title={t(id ? 'respond.playbooks.edit.title' : 'respond.playbooks.edit.newTitle')}
      lead={t('respond.playbooks.edit.lead')}
    >
      <LoadState data={loaded.data} problem={loaded.problem}>
        {(definition) => <Editor id={id} initial={definition} />}
      </LoadState>
    </Page>
  );
}

function Editor({ id, initial }: { readonly id: string | undefined; readonly initial: PlaybookDefinition }) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const [key, setKey] = useState(initial.key);
  const [titleEn, setTitleEn] = useState(initial.title.en);
  const [titleFr, setTitleFr] = useState(initial.title.fr);
  const [summaryEn, setSummaryEn] = useState(initial.summary.en);
  const [summaryFr, setSummaryFr] = useState(initial.summary.fr);
  const [types, setTypes] = useState<IncidentType[]>([...initial.trigger.incidentTypes]);
  const [minimumSeverity, setMinimumSeverity] = useState<Severity>(initial.trigger.minimumSeverity);
  const [ownerOrganisation, setOwnerOrganisation] = useState<DecisionOwner['organisation']>(initial.decisionOwner.organisation);
  const [ownerRole, setOwnerRole] = useState<Role>(initial.decisionOwner.role);
  const [ownerTitle, setOwnerTitle] = useState(initial.decisionOwner.title);
  const [actions, setActions] = useState(initial.preApprovedActions.join('\n'));
  const [tasks, setTasks] = useState(tasksToText(initial.tasks));
  const [note, setNote] = useState('');
  const [communications, setCommunications] = useState<CommunicationTemplate[]>([...initial.communications]);
  const audiences = useEnumOptions(COMMUNICATION_AUDIENCES, 'respond.playbooks.audiences');
  const severities = useEnumOptions(SEVERITIES, 'respond.cases.severity');
  const roles = useEnumOptions(ROLES, 'roles');
  const organisations = [{ value: 'case-owner', label: t('respond.playbooks.caseOwner') }, ...ORGANISATION_TYPES.map((value) => ({ value, label: t(`organisationTypes.${value}`) }))];
  // The server names problems by their place in the definition (`definition.tasks.2.due` on edits).
  const errors = new Map([...action.errors].map(([path, messages]) => [path.replace(/^definition\./, '').replace(/^(tasks|preApprovedActions|trigger\.incidentTypes)\..*$/, '$1'), messages]));

  function definition(): PlaybookDefinition {
    return {
      key,
      title: { en: titleEn, fr: titleFr },
      summary: { en: summaryEn, fr: summaryFr },
      trigger: { incidentTypes: types, minimumSeverity },
      decisionOwner: { organisation: ownerOrganisation, role: ownerRole, title: ownerTitle },
      preApprovedActions: actions
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== ''),
      tasks: textToTasks(tasks, initial.tasks),
      communications,
    };
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      if (id) {
        const saved = await api.call(respondCaseRoutes.revisePlaybook, { params: { id }, body: { definition: definition(), note: note || undefined } });
        navigate(`/respond/playbooks/${saved.key}`);
        announce(saved.changed ? t('respond.playbooks.edit.saved', { version: saved.currentVersion }) : t('respond.playbooks.edit.unchanged'), saved.changed ? 'success' : 'info');
      } else {
        const created = await api.call(respondCaseRoutes.createPlaybook, { body: definition() });
        navigate(`/respond/playbooks/${created.key}`);
        announce(t('respond.playbooks.edit.created'));
      }
    });
  }

  const typeMessages = errors.get('trigger.incidentTypes') ?? [];
  return (
    <form id={FORM} className="form" onSubmit={submit} noValidate>
      <ErrorSummary problem={action.problem} form={FORM} />
      <TextField form={FORM} path="key" label={t('respond.playbooks.edit.key')} hint={t('respond.playbooks.edit.keyHint')} value={key} onChange={(e) => setKey(e.target.value)} errors={errors} readOnly={id !== undefined} className="mono" required />
      <TextField form={FORM} path="title.en" label={t('respond.playbooks.edit.titleEn')} lang="en" value={titleEn} onChange={(e) => setTitleEn(e.target.value)} errors={errors} required />
      <TextField form={FORM} path="title.fr" label={t('respond.playbooks.edit.titleFr')} lang="fr" value={titleFr} onChange={(e) => setTitleFr(e.target.value)} errors={errors} required />
      <TextAreaField form={FORM} path="summary.en" label={t('respond.playbooks.edit.summaryEn')} lang="en" rows={2} value={summaryEn} onChange={(e) => setSummaryEn(e.target.value)} errors={errors} required />
      <TextAreaField form={FORM} path="summary.fr" label={t('respond.playbooks.edit.summaryFr')} lang="fr" rows={2} value={summaryFr} onChange={(e) => setSummaryFr(e.target.value)} errors={errors} required />
      <fieldset id={fieldId(FORM, 'trigger.incidentTypes')} className={typeMessages.length > 0 ? 'field-invalid' : undefined}>
        <legend>{t('respond.playbooks.edit.types')}</legend>
        {typeMessages.length > 0 ? <p className="field-error">{typeMessages.join(' ')}</p> : null}
        {INCIDENT_TYPES.map((type) => (
          <CheckboxField
            key={type}
            form={FORM}
            path={`type-${type}`}
            label={t(`respond.cases.types.${type}`)}
            checked={types.includes(type)}
            onChange={(e) => setTypes(e.target.checked ? [...types, type] : types.filter((x) => x !== type))}
          />
        ))}
      </fieldset>
      <SelectField form={FORM} path="trigger.minimumSeverity" label={t('respond.playbooks.edit.minSeverity')} value={minimumSeverity} options={severities} onChange={(e) => setMinimumSeverity(e.target.value as Severity)} errors={errors} />
      <SelectField form={FORM} path="decisionOwner.organisation" label={t('respond.playbooks.edit.decisionOrg')} value={ownerOrganisation} options={organisations} onChange={(e) => setOwnerOrganisation(e.target.value as DecisionOwner['organisation'])} errors={errors} />
      <SelectField form={FORM} path="decisionOwner.role" label={t('respond.playbooks.edit.decisionRole')} value={ownerRole} options={roles} onChange={(e) => setOwnerRole(e.target.value as Role)} errors={errors} />
      <TextField form={FORM} path="decisionOwner.title" label={t('respond.playbooks.edit.decisionTitle')} value={ownerTitle} onChange={(e) => setOwnerTitle(e.target.value)} errors={errors} required />
      <TextAreaField form={FORM} path="preApprovedActions" label={t('respond.playbooks.edit.actions')} hint={t('respond.playbooks.edit.actionsHint')} rows={4} value={actions} onChange={(e) => setActions(e.target.value)} errors={errors} />
      <TextAreaField form={FORM} path="tasks" label={t('respond.playbooks.edit.tasks')} hint={t('respond.playbooks.edit.tasksHint')} rows={8} className="mono" spellCheck={false} value={tasks} onChange={(e) => setTasks(e.target.value)} errors={errors} required />
      <fieldset>
        <legend>{t('respond.playbooks.detail.communications')}</legend>
        {communications.map((message, index) => {
          const set = (change: Partial<CommunicationTemplate>) => setCommunications(communications.map((m, i) => (i === index ? { ...m, ...change } : m)));
          const at = `communications.${index}`;
          return (
            <fieldset key={index} className="row-group">
              <legend>{t('respond.playbooks.edit.message', { number: index + 1 })}</legend>
              <SelectField form={FORM} path={`${at}.audience`} label={t('respond.playbooks.edit.audience')} value={message.audience} options={audiences} onChange={(e) => set({ audience: e.target.value as CommunicationTemplate['audience'] })} errors={errors} />
              <TextField form={FORM} path={`${at}.subject.en`} label={t('respond.playbooks.edit.subjectEn')} lang="en" value={message.subject.en} onChange={(e) => set({ subject: { ...message.subject, en: e.target.value } })} errors={errors} required />
              <TextField form={FORM} path={`${at}.subject.fr`} label={t('respond.playbooks.edit.subjectFr')} lang="fr" value={message.subject.fr} onChange={(e) => set({ subject: { ...message.subject, fr: e.target.value } })} errors={errors} required />
              <TextAreaField form={FORM} path={`${at}.body.en`} label={t('respond.playbooks.edit.bodyEn')} lang="en" rows={4} value={message.body.en} onChange={(e) => set({ body: { ...message.body, en: e.target.value } })} errors={errors} required />
              <TextAreaField form={FORM} path={`${at}.body.fr`} label={t('respond.playbooks.edit.bodyFr')} lang="fr" rows={4} value={message.body.fr} onChange={(e) => set({ body: { ...message.body, fr: e.target.value } })} errors={errors} required />
              <button type="button" className="secondary" onClick={() => setCommunications(communications.filter((_, i) => i !== index))}>
                {t('respond.playbooks.edit.removeMessage', { number: index + 1 })}
              </button>
            </fieldset>
          );
        })}
        <button
          type="button"
          className="secondary"
          onClick={() =>
            setCommunications([
              ...communications,
              { key: `message-${communications.length + 1}`, audience: 'public', subject: { en: '', fr: '' }, body: { en: '', fr: '' } },
            ])
          }
        >
          {t('respond.playbooks.edit.addMessage')}
        </button>
      </fieldset>
      {id ? <TextField form={FORM} path="note" label={t('respond.playbooks.edit.note')} value={note} onChange={(e) => setNote(e.target.value)} errors={errors} /> : null}
      <button type="submit" disabled={action.busy}>
        {t(id ? 'respond.playbooks.edit.submit' : 'respond.playbooks.edit.create')}
      </button>
    </form>
  );
}
