import { routes } from '@vigil/api';
import type { Jurisdiction, JurisdictionId, MilestoneKind } from '@vigil/domain';
import { MILESTONE_KINDS } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../components/error-summary';
import { SelectField, TextAreaField, TextField } from '../components/fields';
import { Page } from '../components/page';
import { useStatus } from '../components/status';
import { useAction } from '../components/use-action';
import { useLoad } from '../components/use-load';
import type { ContestDraft } from '../lib/election-draft';
import { electionBody, filledMilestones } from '../lib/election-draft';
import { fieldId } from '../lib/field-errors';
import { jurisdictionPath } from '../lib/jurisdiction-tree';
import { navigate } from '../router/router';
import { api } from '../session/api-client';
import { allJurisdictions } from '../session/lists';
import { useServerMessage } from '../components/use-message';

const FORM = 'election-new';

/** Creates an election with its calendar of milestones and its contests. */
export function ElectionNewPage() {
  const { t } = useTranslation();
  const jurisdictions = useLoad(allJurisdictions, []);
  return (
    <Page back={{ href: '/elections', label: t('elections.back') }} title={t('elections.new')}>
      {jurisdictions.problem ? <ErrorSummary problem={jurisdictions.problem} /> : null}
      {jurisdictions.data ? (
        <ElectionForm jurisdictions={jurisdictions.data} />
      ) : (
        <p className="muted">{t('common.loading')}</p>
      )}
    </Page>
  );
}

function ElectionForm({ jurisdictions }: { readonly jurisdictions: readonly Jurisdiction[] }) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const translate = useServerMessage();
  const action = useAction();
  const [name, setName] = useState('');
  const addButton = useRef<HTMLButtonElement>(null);
  const [jurisdictionId, setJurisdictionId] = useState('');
  const [dates, setDates] = useState<Partial<Record<MilestoneKind, string>>>({});
  const [contests, setContests] = useState<readonly ContestDraft[]>([]);
  const byId = new Map<JurisdictionId, Jurisdiction>(jurisdictions.map((item) => [item.id, item]));
  const jurisdictionOptions = jurisdictions
    .map((item) => ({ value: item.id, label: jurisdictionPath(item, byId) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const filled = filledMilestones(dates);
  const errors = action.errors;
  const milestoneErrors = errors.get('milestones');

  function updateContest(key: number, change: Partial<ContestDraft>): void {
    setContests((previous) =>
      previous.map((contest) => (contest.key === key ? { ...contest, ...change } : contest)),
    );
  }

  /** Errors of a contest's choices, wherever they point (the list or one choice). */
  function choiceErrors(index: number): ReadonlyMap<string, readonly string[]> {
    const prefix = `contests.${index}.choices`;
    const messages = [...errors]
      .filter(([path]) => path === prefix || path.startsWith(`${prefix}.`))
      .flatMap(([, list]) => list);
    return new Map([[prefix, messages]]);
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      const election = await api.call(routes.createElection, {
        body: electionBody({ name, jurisdictionId, dates, contests }),
      });
      navigate(`/elections/${election.id}`);
      announce(t('elections.created', { name: election.name }));
    });
  }

  return (
    <form id={FORM} onSubmit={submit} noValidate className="form">
      <ErrorSummary problem={action.problem} form={FORM} />
      <TextField
        form={FORM}
        path="name"
        label={t('elections.name')}
        autoComplete="off"
        value={name}
        onChange={(event) => setName(event.target.value)}
        errors={errors}
        required
      />
      <SelectField
        form={FORM}
        path="jurisdictionId"
        label={t('elections.jurisdiction')}
        value={jurisdictionId}
        emptyLabel={t('elections.chooseJurisdiction')}
        options={jurisdictionOptions}
        onChange={(event) => setJurisdictionId(event.target.value)}
        errors={errors}
        required
      />
      <fieldset
        id={fieldId(FORM, 'milestones')}
        tabIndex={-1}
        aria-describedby={milestoneErrors ? `${fieldId(FORM, 'milestones')}-error` : undefined}
      >
        <legend>{t('elections.calendar')}</legend>
        <p className="hint">{t('elections.calendarHint')}</p>
        {milestoneErrors ? (
          <p className="field-error" id={`${fieldId(FORM, 'milestones')}-error`}>
            {milestoneErrors.map(translate).join(' ')}
          </p>
        ) : null}
        <div className="grid-fields">
          {MILESTONE_KINDS.map((kind) => {
            const index = filled.indexOf(kind);
            return (
              <TextField
                key={kind}
                form={FORM}
                path={index >= 0 ? `milestones.${index}.date` : `milestone-${kind}`}
                type="date"
                label={t(`milestones.${kind}`)}
                value={dates[kind] ?? ''}
                onChange={(event) =>
                  setDates((previous) => ({ ...previous, [kind]: event.target.value }))
                }
                errors={errors}
                required={kind === 'election-day'}
              />
            );
          })}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('elections.contests')}</legend>
        {contests.length === 0 ? <p className="hint">{t('elections.noContestRows')}</p> : null}
        {contests.map((contest, index) => (
          <fieldset key={contest.key} className="row-group">
            <legend>{t('elections.contestNumber', { number: index + 1 })}</legend>
            <TextField
              form={FORM}
              path={`contests.${index}.name`}
              label={t('elections.contestName')}
              autoComplete="off"
              value={contest.name}
              onChange={(event) => updateContest(contest.key, { name: event.target.value })}
              errors={errors}
              required
            />
            <SelectField
              form={FORM}
              path={`contests.${index}.jurisdictionId`}
              label={t('elections.contestJurisdiction')}
              value={contest.jurisdictionId}
              emptyLabel={t('elections.sameJurisdiction')}
              options={jurisdictionOptions}
              onChange={(event) =>
                updateContest(contest.key, { jurisdictionId: event.target.value })
              }
              errors={errors}
            />
            <div className="grid-fields">
              <TextField
                form={FORM}
                path={`contests.${index}.seats`}
                type="number"
                min={1}
                inputMode="numeric"
                label={t('elections.seats')}
                hint={t('elections.seatsHint')}
                value={contest.seats}
                onChange={(event) => updateContest(contest.key, { seats: event.target.value })}
                errors={errors}
              />
              <TextField
                form={FORM}
                path={`contests.${index}.votesAllowed`}
                type="number"
                min={1}
                inputMode="numeric"
                label={t('elections.votesAllowed')}
                hint={t('elections.votesAllowedHint')}
                value={contest.votesAllowed}
                onChange={(event) =>
                  updateContest(contest.key, { votesAllowed: event.target.value })
                }
                errors={errors}
              />
            </div>
            <TextAreaField
              form={FORM}
              path={`contests.${index}.choices`}
              label={t('elections.choices')}
              hint={t('elections.choicesHint')}
              rows={4}
              value={contest.choices}
              onChange={(event) => updateContest(contest.key, { choices: event.target.value })}
              errors={choiceErrors(index)}
              required
            />
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setContests((previous) => previous.filter((other) => other.key !== contest.key));
                // The button leaves with its contest: focus the one that adds contests.
                addButton.current?.focus();
              }}
            >
              {t('elections.removeContest', { number: index + 1 })}
            </button>
          </fieldset>
        ))}
        <button
          ref={addButton}
          type="button"
          className="secondary"
          onClick={() =>
            setContests((previous) => [
              ...previous,
              {
                key: (previous.at(-1)?.key ?? 0) + 1,
                name: '',
                jurisdictionId: '',
                seats: '',
                votesAllowed: '',
                choices: '',
              },
            ])
          }
        >
          {t('elections.addContest')}
        </button>
      </fieldset>
      <button type="submit" disabled={action.busy}>
        {t('elections.create')}
      </button>
    </form>
  );
}
