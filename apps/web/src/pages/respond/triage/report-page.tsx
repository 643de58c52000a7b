import type { respondReportRoutes as R } from '@vigil/api';
import { respondReportRoutes, shareRoutes } from '@vigil/api';
import type { Impact, IncidentType, Urgency, VerificationStatus } from '@vigil/domain';
import { IMPACT_LEVELS, INCIDENT_TYPES, URGENCY_LEVELS, VERIFICATION_STATUSES, severityOf } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DisarmPicker } from '../../../components/disarm-picker';
import { ErrorSummary } from '../../../components/error-summary';
import { SelectField, TextAreaField, TextField } from '../../../components/fields';
import { LoadState } from '../../../components/load-state';
import { Page } from '../../../components/page';
import { useStatus } from '../../../components/status';
import { useAction } from '../../../components/use-action';
import { useLoad } from '../../../components/use-load';
import { formatDateTime } from '../../../lib/format';
import { Link } from '../../../router/router';
import { api } from '../../../session/api-client';
import { useSession } from '../../../session/session-context';

type Report = R.ReportDetailView;
const FORM = 'report-triage';
const DUPLICATE_FORM = 'report-duplicate';
const TRIAGE_STATUSES = ['new', 'in-review', 'archived', 'closed'] as const;

interface Draft {
  status: string;
  incidentType: IncidentType | '';
  impact: Impact | '';
  urgency: Urgency | '';
  verificationStatus: VerificationStatus;
  confidence: string;
  verificationNote: string;
}

function draftOf(report: Report): Draft {
  return {
    status: (TRIAGE_STATUSES as readonly string[]).includes(report.status) ? report.status : '',
    incidentType: report.incidentType ?? '',
    impact: report.impact ?? '',
    urgency: report.urgency ?? '',
    verificationStatus: report.verificationStatus,
    confidence: report.confidence === null ? '' : String(report.confidence),
    verificationNote: report.verificationNote ?? '',
  };
}

type Technique = shareRoutes.DisarmTechniqueItem;

/** A technique the catalogue search did not return (shown by its id until it does). */
const unnamed = (id: string): Technique => ({ id, name: '', tacticId: '', tacticName: '', phase: '' });

/** Classification, rating and verification of one report. */
function TriageForm({ report, onSaved }: { readonly report: Report; readonly onSaved: (report: Report) => void }) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const [draft, setDraft] = useState<Draft>(() => draftOf(report));
  // The report keeps technique ids; the picker shows names, looked up once in the catalogue.
  const named = useLoad(
    () =>
      Promise.all(
        report.disarmTechniqueIds.map(async (id) => (await api.call(shareRoutes.listDisarmTechniques, { query: { q: id, limit: 20 } })).items.find((item) => item.id === id) ?? unnamed(id)),
      ),
    [report.id, report.disarmTechniqueIds.join(',')],
  );
  const [picked, setPicked] = useState<Technique[] | null>(null);
  const techniques = picked ?? named.data ?? report.disarmTechniqueIds.map(unnamed);
  const set = (key: keyof Draft) => (event: { target: { value: string } }) => setDraft((previous) => ({ ...previous, [key]: event.target.value }));
  const severity = draft.impact && draft.urgency ? severityOf(draft.impact, draft.urgency) : null;
  // Errors on list items (`disarmTechniqueIds.1`) are shown at the one field.
  const errors = new Map<string, string[]>();
  for (const [path, messages] of action.errors) {
    const key = path.startsWith('disarmTechniqueIds') ? 'disarmTechniqueIds' : path;
    errors.set(key, [...(errors.get(key) ?? []), ...messages]);
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const confidence = draft.confidence.trim() === '' ? null : Number(draft.confidence);
    void action.run(async () => {
      const saved = await api.call(respondReportRoutes.triageReport, {
        params: { id: report.id },
        body: {
          ...(draft.status ? { status: draft.status as (typeof TRIAGE_STATUSES)[number] } : {}),
          incidentType: draft.incidentType || null,
          disarmTechniqueIds: techniques.map((technique) => technique.id),
          impact: draft.impact || null,
          urgency: draft.urgency || null,
          verificationStatus: draft.verificationStatus,
          confidence: confidence !== null && Number.isFinite(confidence) ? Math.round(confidence) : confidence === null ? null : -1,
          verificationNote: draft.verificationNote.trim() || null,
        },
      });
      announce(t('respond.triage.saved'));
      onSaved(saved);
    });
  }

  return (
    <form id={FORM} className="form" onSubmit={submit} noValidate>
      <h2>{t('respond.triage.classify')}</h2>
      <ErrorSummary problem={action.problem} form={FORM} />
      <SelectField form={FORM} path="status" label={t('respond.triage.status')} value={draft.status} emptyLabel={t('respond.triage.keepStatus')} options={TRIAGE_STATUSES.map((value) => ({ value, label: t(`respond.common.statuses.${value}`) }))} onChange={set('status')} errors={errors} />
      <SelectField form={FORM} path="incidentType" label={t('respond.triage.incidentType')} value={draft.incidentType} emptyLabel={t('respond.triage.unclassified')} options={INCIDENT_TYPES.map((value) => ({ value, label: t(`respond.common.incidentTypes.${value}`) }))} onChange={set('incidentType')} errors={errors} />
      {draft.incidentType === 'disinformation' || techniques.length > 0 ? (
        <DisarmPicker form={FORM} path="disarmTechniqueIds" value={techniques} onChange={setPicked} errors={errors} hint={t('respond.triage.disarmHint')} />
      ) : null}
      <fieldset>
        <legend>{t('respond.triage.severityLegend')}</legend>
        <SelectField form={FORM} path="impact" label={t('respond.triage.impact')} value={draft.impact} emptyLabel={t('respond.triage.notRated')} options={IMPACT_LEVELS.map((value) => ({ value, label: t(`respond.common.levels.${value}`) }))} onChange={set('impact')} errors={errors} />
        <SelectField form={FORM} path="urgency" label={t('respond.triage.urgency')} value={draft.urgency} emptyLabel={t('respond.triage.notRated')} options={URGENCY_LEVELS.map((value) => ({ value, label: t(`respond.common.levels.${value}`) }))} onChange={set('urgency')} errors={errors} />
        <p aria-live="polite">
          {t('respond.triage.severity')}: <strong data-testid="severity">{severity ? t(`respond.common.severities.${severity}`) : '—'}</strong>
        </p>
      </fieldset>
      <fieldset>
        <legend>{t('respond.triage.verification')}</legend>
        <SelectField form={FORM} path="verificationStatus" label={t('respond.triage.verificationStatus')} value={draft.verificationStatus} options={VERIFICATION_STATUSES.map((value) => ({ value, label: t(`respond.common.verification.${value}`) }))} onChange={set('verificationStatus')} errors={errors} />
        <TextField form={FORM} path="confidence" type="number" min={0} max={100} label={t('respond.triage.confidence')} hint={t('respond.triage.confidenceHint')} value={draft.confidence} onChange={set('confidence')} errors={errors} />
        <TextAreaField form={FORM} path="verificationNote" label={t('respond.triage.evidence')} hint={t('respond.triage.evidenceHint')} rows={3} value={draft.verificationNote} onChange={set('verificationNote')} errors={errors} />
      </fieldset>
      <button type="submit" disabled={action.busy}>
        {t('respond.triage.save')}
      </button>
    </form>
  );
}

/** Marks the report a duplicate of another report of its group. */
function DuplicateForm({ report, onSaved }: { readonly report: Report; readonly onSaved: (report: Report) => void }) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const [target, setTarget] = useState(report.group[0]?.id ?? '');
  if (report.group.length === 0) return null;
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      const saved = await api.call(respondReportRoutes.markReportDuplicate, { params: { id: report.id }, body: { duplicateOf: target } });
      announce(t('respond.triage.markedDuplicate'));
      onSaved(saved);
    });
  }
  return (
    <form id={DUPLICATE_FORM} className="form" onSubmit={submit} noValidate>
      <h2>{t('respond.triage.duplicateTitle')}</h2>
      <ErrorSummary problem={action.problem} form={DUPLICATE_FORM} />
      <SelectField form={DUPLICATE_FORM} path="duplicateOf" label={t('respond.triage.duplicateOf')} value={target} options={report.group.map((g) => ({ value: g.id, label: `${g.trackingCode} — ${g.title}` }))} onChange={(event) => setTarget(event.target.value)} errors={action.errors} />
      <button type="submit" className="secondary" disabled={action.busy || !target}>
        {t('respond.triage.markDuplicate')}
      </button>
    </form>
  );
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`;
}

/** One report with everything triage needs; submitted text is shown as text, never as HTML. */
export function ReportPage({ id }: { readonly id: string }) {
  const { t, i18n } = useTranslation();
  const { may } = useSession();
  const loaded = useLoad(() => api.call(respondReportRoutes.getReport, { params: { id } }), [id]);
  const [current, setCurrent] = useState<Report | null>(null);
  const [version, setVersion] = useState(0);
  const report = current?.id === id ? current : loaded.data;
  const saved = (next: Report) => {
    setCurrent(next);
    setVersion((v) => v + 1);
  };
  return (
    <LoadState data={report} problem={loaded.problem}>
      {(r) => (
        <Page title={r.title} lead={`${t('respond.triage.trackingCode')} ${r.trackingCode}`} back={{ href: '/respond/reports', label: t('respond.triage.title') }}>
          <dl className="details">
            <dt>{t('respond.triage.status')}</dt>
            <dd data-testid="report-status">{t(`respond.common.statuses.${r.status}`)}</dd>
            <dt>{t('respond.triage.category')}</dt>
            <dd>{t(`respond.common.incidentTypes.${r.category}`)}</dd>
            <dt>{t('respond.triage.source')}</dt>
            <dd>
              {t(`respond.common.sources.${r.source}`)} · {t(`respond.common.trust.${r.trustLevel}`)}
              {r.reporterOrganisationName ? ` · ${r.reporterOrganisationName}` : ''}
              {r.externalRef ? ` · ${r.externalRef}` : ''}
            </dd>
            <dt>{t('respond.triage.received')}</dt>
            <dd>{formatDateTime(r.receivedAt, i18n.language)}</dd>
            <dt>{t('respond.triage.occurred')}</dt>
            <dd>{r.occurredAt ? formatDateTime(r.occurredAt, i18n.language) : '—'}</dd>
            <dt>{t('respond.triage.point')}</dt>
            <dd>{r.latitude !== null && r.longitude !== null ? `${r.latitude}, ${r.longitude}` : '—'}</dd>
            <dt>{t('respond.triage.language')}</dt>
            <dd>{r.language}</dd>
            <dt>{t('respond.triage.severity')}</dt>
            <dd>{r.severity ? t(`respond.common.severities.${r.severity}`) : '—'}</dd>
            <dt>{t('respond.triage.verificationStatus')}</dt>
            <dd>
              {t(`respond.common.verification.${r.verificationStatus}`)}
              {r.confidence !== null ? ` (${r.confidence} %)` : ''}
            </dd>
            {r.caseId ? (
              <>
                <dt>{t('respond.triage.case')}</dt>
                <dd>
                  <Link href={`/respond/cases/${r.caseId}`}>{t('respond.triage.openCase')}</Link>
                </dd>
              </>
            ) : may('case.write') && may('report.triage') ? (
              <>
                <dt>{t('respond.triage.case')}</dt>
                <dd>
                  <Link href={newCaseHref(r)}>{t('respond.triage.newCase')}</Link>
                </dd>
              </>
            ) : null}
          </dl>
          <section aria-labelledby="report-description">
            <h2 id="report-description">{t('respond.triage.description')}</h2>
            <p style={{ whiteSpace: 'pre-wrap' }} data-testid="report-description">
              {r.description}
            </p>
          </section>
          {r.links.length > 0 ? (
            <section aria-labelledby="report-links">
              <h2 id="report-links">{t('respond.triage.links')}</h2>
              <p className="hint">{t('respond.triage.linksHint')}</p>
              <ul>
                {r.links.map((link) => (
                  <li key={link}>
                    <code>{link}</code>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section aria-labelledby="report-attachments">
            <h2 id="report-attachments">{t('respond.triage.attachments')}</h2>
            {r.attachments.length === 0 ? (
              <p>{t('respond.triage.noAttachments')}</p>
            ) : (
              <ul>
                {r.attachments.map((a) => (
                  <li key={a.id}>
                    <a href={`/api/v1/reports/${r.id}/attachments/${a.id}`} download={a.fileName}>
                      {a.fileName}
                    </a>{' '}
                    <span className="muted">
                      ({a.mediaType}, {formatSize(a.sizeBytes)}, SHA-256 <code>{a.sha256}</code>)
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="report-contact">
            <h2 id="report-contact">{t('respond.triage.contact')}</h2>
            {r.contact ? (
              <p style={{ whiteSpace: 'pre-wrap' }}>{[r.contact.name, r.contact.email, r.contact.phone].filter(Boolean).join(' · ')}</p>
            ) : (
              <p>{t('respond.triage.noContact')}</p>
            )}
          </section>
          <section aria-labelledby="group">
            <h2 id="group">{t('respond.triage.group')}</h2>
            {r.group.length === 0 ? (
              <p>{t('respond.triage.noGroup')}</p>
            ) : (
              <ul>
                {r.group.map((g) => (
                  <li key={g.id}>
                    <Link href={`/respond/reports/${g.id}`}>{g.title}</Link> <span className="muted">({g.trackingCode}, {t(`respond.common.statuses.${g.status}`)})</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {r.verificationNote ? (
            <section aria-labelledby="report-evidence">
              <h2 id="report-evidence">{t('respond.triage.evidence')}</h2>
              <p style={{ whiteSpace: 'pre-wrap' }}>{r.verificationNote}</p>
            </section>
          ) : null}
          {may('report.triage') ? (
            <>
              <TriageForm key={`triage-${version}`} report={r} onSaved={saved} />
              <DuplicateForm key={`duplicate-${version}`} report={r} onSaved={saved} />
            </>
          ) : null}
        </Page>
      )}
    </LoadState>
  );
}

/** The new-case form, filled in from a report (the form reads these parameters). */
function newCaseHref(report: { readonly id: string; readonly title: string; readonly category: string; readonly incidentType: string | null; readonly jurisdictionId: string | null }): string {
  const query = new URLSearchParams({ reports: report.id, title: report.title, type: report.incidentType ?? report.category });
  if (report.jurisdictionId) query.set('jurisdiction', report.jurisdictionId);
  return `/respond/cases/new?${query.toString()}`;
}
