import type { respondSettingsRoutes as S } from '@vigil/api';
import { respondSettingsRoutes } from '@vigil/api';
import type { Severity, SlaPhase, SlaPolicy } from '@vigil/domain';
import { SEVERITIES, SLA_PHASES } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../../components/error-summary';
import { SelectField, TextField } from '../../../components/fields';
import { LoadState } from '../../../components/load-state';
import { Page } from '../../../components/page';
import { useStatus } from '../../../components/status';
import { useAction } from '../../../components/use-action';
import { useLoad } from '../../../components/use-load';
import { fieldId } from '../../../lib/field-errors';
import { formatDateTime } from '../../../lib/format';
import { api } from '../../../session/api-client';

const FORM = 'sla-policy';
const STEPS = ['acknowledgeMinutes', 'updateMinutes'] as const;
type Step = (typeof STEPS)[number];
const NUMBERS = ['campaignDays', 'finalWeekDays', 'electionDaysAfter', 'postElectionDays', 'utcOffsetMinutes'] as const;
type NumberField = (typeof NUMBERS)[number];

/** The form's text for every number of a policy (cells keyed `phase.severity.step`). */
interface Draft {
  readonly cells: Readonly<Record<string, string>>;
  readonly numbers: Readonly<Record<NumberField, string>>;
  readonly escalateAtSeverity: Severity;
}

const cellKey = (phase: SlaPhase, severity: Severity, step: Step) => `${phase}.${severity}.${step}`;

function draftOf(policy: SlaPolicy): Draft {
  const cells: Record<string, string> = {};
  for (const phase of SLA_PHASES) for (const severity of SEVERITIES) for (const step of STEPS) cells[cellKey(phase, severity, step)] = String(policy.times[phase][severity][step]);
  const numbers = Object.fromEntries(NUMBERS.map((name) => [name, String(policy[name])])) as Record<NumberField, string>;
  return { cells, numbers, escalateAtSeverity: policy.escalateAtSeverity };
}

/** A whole number as typed, or the text itself: the server names the field it refuses. */
function numberOf(text: string): number | string {
  return /^\s*[+-]?\d+\s*$/.test(text) ? Number(text) : text;
}

function policyOf(draft: Draft): unknown {
  const times: Record<string, Record<string, Record<string, number | string>>> = {};
  for (const phase of SLA_PHASES) {
    times[phase] = {};
    for (const severity of SEVERITIES) {
      const row: Record<string, number | string> = {};
      for (const step of STEPS) row[step] = numberOf(draft.cells[cellKey(phase, severity, step)] ?? '');
      (times[phase] as Record<string, unknown>)[severity] = row;
    }
  }
  return { times, ...Object.fromEntries(NUMBERS.map((name) => [name, numberOf(draft.numbers[name])])), escalateAtSeverity: draft.escalateAtSeverity };
}

/** Minutes as people say them: "90 min", "4 h", "7 d". */
function humanMinutes(text: string, t: (key: string, options?: Record<string, unknown>) => string): string {
  const minutes = Number(text);
  if (!Number.isInteger(minutes) || minutes <= 0) return '';
  if (minutes % 1440 === 0) return t('respond.settings.sla.days', { count: minutes / 1440 });
  if (minutes % 60 === 0) return t('respond.settings.sla.hours', { count: minutes / 60 });
  return t('respond.settings.sla.minutes', { count: minutes });
}

/** One table of the policy: severities down, phases across, a minutes input in each cell. */
function TimesTable({ step, draft, setCell, errors, readOnly }: { readonly step: Step; readonly draft: Draft; readonly setCell: (key: string, value: string) => void; readonly errors: ReadonlyMap<string, readonly string[]>; readonly readOnly: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="sla-table">
        <caption>{t(`respond.settings.sla.${step}.caption`)}</caption>
        <thead>
          <tr>
            <th scope="col">{t('respond.settings.sla.severity')}</th>
            {SLA_PHASES.map((phase) => (
              <th scope="col" key={phase}>
                {t(`respond.escalation.phases.${phase}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {SEVERITIES.map((severity) => (
            <tr key={severity}>
              <th scope="row">{t(`respond.common.severities.${severity}`)}</th>
              {SLA_PHASES.map((phase) => {
                const key = cellKey(phase, severity, step);
                const path = `times.${key}`;
                const id = fieldId(FORM, path);
                const messages = errors.get(path) ?? [];
                const value = draft.cells[key] ?? '';
                return (
                  <td key={phase} className={messages.length > 0 ? 'field-invalid' : undefined}>
                    <label htmlFor={id} className="visually-hidden">
                      {t(`respond.settings.sla.${step}.cell`, { severity: t(`respond.common.severities.${severity}`), phase: t(`respond.escalation.phases.${phase}`) })}
                    </label>
                    <input
                      id={id}
                      type="text"
                      inputMode="numeric"
                      size={6}
                      value={value}
                      readOnly={readOnly}
                      aria-invalid={messages.length > 0 ? true : undefined}
                      aria-describedby={`${id}-human${messages.length > 0 ? ` ${id}-error` : ''}`}
                      onChange={(event) => setCell(key, event.target.value)}
                    />
                    <span className="small muted" id={`${id}-human`}>
                      {' '}
                      {humanMinutes(value, t)}
                    </span>
                    {messages.length > 0 ? (
                      <p className="field-error" id={`${id}-error`}>
                        <span className="visually-hidden">{t('form.errorPrefix')} </span>
                        {messages.join(' ')}
                      </p>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PolicyForm({ setting, reload }: { readonly setting: S.SlaPolicySettingView; readonly reload: () => void }) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const [draft, setDraft] = useState<Draft>(() => draftOf(setting.policy));
  const readOnly = !setting.canEdit;
  const setCell = (key: string, value: string) => setDraft((previous) => ({ ...previous, cells: { ...previous.cells, [key]: value } }));
  const setNumber = (name: NumberField) => (event: { target: { value: string } }) => setDraft((previous) => ({ ...previous, numbers: { ...previous.numbers, [name]: event.target.value } }));

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      // The body is checked by the server with SlaPolicySchema; it names each field it refuses.
      await api.call(respondSettingsRoutes.setSlaPolicy, { body: policyOf(draft) });
      announce(t('respond.settings.sla.saved'));
      reload();
    });
  }

  return (
    <form id={FORM} className="form" onSubmit={submit} noValidate>
      <ErrorSummary problem={action.problem} form={FORM} />
      <h2>{t('respond.settings.sla.timesHeading')}</h2>
      <p className="hint">{t('respond.settings.sla.timesHint')}</p>
      {STEPS.map((step) => (
        <TimesTable key={step} step={step} draft={draft} setCell={setCell} errors={action.errors} readOnly={readOnly} />
      ))}
      <fieldset>
        <legend>{t('respond.settings.sla.phasesLegend')}</legend>
        {NUMBERS.map((name) => (
          <TextField key={name} form={FORM} path={name} inputMode="numeric" label={t(`respond.settings.sla.fields.${name}`)} hint={t(`respond.settings.sla.hints.${name}`)} value={draft.numbers[name]} onChange={setNumber(name)} readOnly={readOnly} errors={action.errors} />
        ))}
        <SelectField
          form={FORM}
          path="escalateAtSeverity"
          label={t('respond.settings.sla.fields.escalateAtSeverity')}
          hint={t('respond.settings.sla.hints.escalateAtSeverity')}
          value={draft.escalateAtSeverity}
          options={SEVERITIES.map((severity) => ({ value: severity, label: t(`respond.common.severities.${severity}`) }))}
          onChange={(event) => setDraft((previous) => ({ ...previous, escalateAtSeverity: event.target.value as Severity }))}
          disabled={readOnly}
          errors={action.errors}
        />
      </fieldset>
      {readOnly ? (
        <p className="notice">{t('respond.settings.sla.readOnly')}</p>
      ) : (
        <p className="actions">
          <button type="submit" disabled={action.busy}>
            {t('respond.settings.sla.save')}
          </button>{' '}
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDraft(draftOf(setting.defaultPolicy));
              announce(t('respond.settings.sla.defaultsFilled'));
            }}
          >
            {t('respond.settings.sla.fillDefaults')}
          </button>
        </p>
      )}
    </form>
  );
}

/**
 * The installation's SLA policy: times to acknowledge and to update per calendar phase and
 * severity, the phases' bounds and the escalation threshold. Everyone who reads cases sees it;
 * coordinators and administrators of election bodies change it.
 */
export function SlaPolicyPage() {
  const { t, i18n } = useTranslation();
  const loaded = useLoad(() => api.call(respondSettingsRoutes.getSlaPolicy, {}), []);
  const [version, setVersion] = useState(0);
  return (
    <Page title={t('respond.settings.sla.title')} lead={t('respond.settings.sla.lead')} back={{ href: '/respond', label: t('respond.escalation.back') }}>
      <LoadState data={loaded.data} problem={loaded.problem}>
        {(setting) => (
          <>
            <p data-testid="sla-state">
              {setting.custom && setting.updatedAt
                ? t('respond.settings.sla.custom', { who: setting.updatedByLabel ?? '', when: formatDateTime(setting.updatedAt, i18n.language) })
                : t('respond.settings.sla.default')}
            </p>
            <PolicyForm
              key={`${setting.updatedAt ?? 'default'}-${version}`}
              setting={setting}
              reload={() => {
                loaded.reload();
                setVersion((v) => v + 1);
              }}
            />
          </>
        )}
      </LoadState>
    </Page>
  );
}
