import { ApiError, respondReportRoutes } from '@vigil/api';
import type { IncidentType } from '@vigil/domain';
import { INCIDENT_TYPES, checkMapPoint } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../../components/error-summary';
import { SelectField, TextAreaField, TextField } from '../../../components/fields';
import { useAction } from '../../../components/use-action';
import { useLoad } from '../../../components/use-load';
import { fieldId } from '../../../lib/field-errors';
import { Link } from '../../../router/router';
import { api } from '../../../session/api-client';
import { PlacePicker } from './place-picker';
import { PublicLayout } from './public-layout';
import { submitReport } from './submit-report';

const FORM = 'report-form';

/** Largest attachment the server takes (10 MB), checked here too so no one waits for a refusal. */
const MAX_FILE_BYTES = respondReportRoutes.MAX_ATTACHMENT_BYTES;

interface Draft {
  category: IncidentType | '';
  title: string;
  description: string;
  jurisdictionId: string;
  latitude: string;
  longitude: string;
  occurredAt: string;
  links: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  language: string;
}

const EMPTY: Draft = {
  category: '',
  title: '',
  description: '',
  jurisdictionId: '',
  latitude: '',
  longitude: '',
  occurredAt: '',
  links: '',
  contactName: '',
  contactEmail: '',
  contactPhone: '',
  language: '',
};

/** Server paths of list items (`links.2`, `attachments.0`) shown at their field. */
function byField(errors: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const merged = new Map<string, string[]>();
  for (const [path, messages] of errors) {
    const key = /^(links|attachments)\.\d+$/.test(path) ? (path.split('.')[0] ?? path) : path;
    merged.set(key, [...(merged.get(key) ?? []), ...messages]);
  }
  return merged;
}


/** The public report form: anyone may report interference, without an account. */
export function ReportFormPage() {
  const { t, i18n } = useTranslation();
  const action = useAction();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [files, setFiles] = useState<File[]>([]);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [trackingCode, setTrackingCode] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const jurisdictions = useLoad(() => api.call(respondReportRoutes.listPublicJurisdictions, {}), []);
  const errors = byField(action.errors);
  if (fileProblem) errors.set('attachments', [fileProblem, ...(errors.get('attachments') ?? [])]);

  useEffect(() => {
    document.title = `${t('respond.intake.title')} — ${t('app.name')}`;
  }, [t]);
  useEffect(() => {
    if (trackingCode) heading.current?.focus();
  }, [trackingCode]);

  const set = (key: keyof Draft) => (event: { target: { value: string } }) => setDraft((previous) => ({ ...previous, [key]: event.target.value }));

  function chooseFiles(list: FileList | null): void {
    const chosen = [...(list ?? [])];
    const tooBig = chosen.find((file) => file.size > MAX_FILE_BYTES);
    setFileProblem(chosen.length > respondReportRoutes.MAX_REPORT_ATTACHMENTS ? t('respond.intake.tooManyFiles', { count: respondReportRoutes.MAX_REPORT_ATTACHMENTS }) : tooBig ? t('respond.intake.fileTooBig', { name: tooBig.name }) : null);
    setFiles(chosen);
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (fileProblem) return;
    void action.run(async () => {
      // The map point is checked here first (numbers, ranges, both or neither), with the same
      // error summary as the server's answer; the server checks it again.
      const checked = checkMapPoint(draft.latitude, draft.longitude);
      if (!checked.ok) {
        throw new ApiError({
          type: 'about:blank',
          title: 'Invalid input',
          status: 422,
          errors: checked.problems.map((problem) => ({ path: `/${problem.field}`, message: t(`respond.intake.place.problems.${problem.kind}.${problem.field}`) })),
        });
      }
      const occurred = draft.occurredAt ? new Date(draft.occurredAt) : null;
      const code = await submitReport(
        {
          // An empty choice goes to the server, which names the field in its answer.
          category: draft.category as IncidentType,
          title: draft.title,
          description: draft.description,
          jurisdictionId: draft.jurisdictionId || null,
          latitude: checked.point?.latitude ?? null,
          longitude: checked.point?.longitude ?? null,
          occurredAt: occurred && !Number.isNaN(occurred.getTime()) ? occurred.toISOString() : null,
          links: draft.links.split(/\s+/).filter((link) => link.length > 0),
          contact: draft.contactName || draft.contactEmail || draft.contactPhone ? { name: draft.contactName || null, email: draft.contactEmail || null, phone: draft.contactPhone || null } : null,
          language: draft.language || (i18n.language.startsWith('fr') ? 'fr' : 'en'),
        },
        files,
      );
      setTrackingCode(code);
      setDraft(EMPTY);
      setFiles([]);
    });
  }

  if (trackingCode) {
    return (
      <PublicLayout>
        <h1 ref={heading} tabIndex={-1}>
          {t('respond.intake.thanksTitle')}
        </h1>
        <p>{t('respond.intake.thanksBody')}</p>
        <p className="tracking-code">
          {t('respond.intake.yourCode')} <strong data-testid="tracking-code">{trackingCode}</strong>
        </p>
        <p>{t('respond.intake.keepCode')}</p>
        <p>
          <Link href={`/report/track/${trackingCode}`}>{t('respond.intake.trackLink')}</Link>
        </p>
        <p>
          <button type="button" className="secondary" onClick={() => setTrackingCode(null)}>
            {t('respond.intake.another')}
          </button>
        </p>
      </PublicLayout>
    );
  }

  const fileInput = fieldId(FORM, 'attachments');
  const fileErrors = errors.get('attachments') ?? [];
  return (
    <PublicLayout>
      <h1>{t('respond.intake.title')}</h1>
      <p className="lead">{t('respond.intake.lead')}</p>
      <p className="hint">{t('respond.intake.privacy')}</p>
      <form id={FORM} className="form" onSubmit={submit} noValidate>
        <ErrorSummary problem={action.problem} form={FORM} />
        <SelectField
          form={FORM}
          path="category"
          label={t('respond.intake.category')}
          hint={t('respond.intake.categoryHint')}
          required
          value={draft.category}
          emptyLabel={t('respond.intake.choose')}
          options={INCIDENT_TYPES.map((type) => ({ value: type, label: t(`respond.common.incidentTypes.${type}`) }))}
          onChange={set('category')}
          errors={errors}
        />
        <TextField form={FORM} path="title" label={t('respond.intake.reportTitle')} hint={t('respond.intake.reportTitleHint')} required maxLength={200} value={draft.title} onChange={set('title')} errors={errors} />
        <TextAreaField form={FORM} path="description" label={t('respond.intake.description')} hint={t('respond.intake.descriptionHint')} required rows={6} value={draft.description} onChange={set('description')} errors={errors} />
        <PlacePicker
          form={FORM}
          jurisdictions={jurisdictions.data?.items ?? []}
          jurisdictionId={draft.jurisdictionId}
          onJurisdiction={(jurisdictionId) => setDraft((previous) => ({ ...previous, jurisdictionId }))}
          latitude={draft.latitude}
          longitude={draft.longitude}
          onPoint={(latitude, longitude) => setDraft((previous) => ({ ...previous, latitude, longitude }))}
          errors={errors}
        />
        <TextField form={FORM} path="occurredAt" type="datetime-local" label={t('respond.intake.when')} hint={t('respond.intake.whenHint')} value={draft.occurredAt} onChange={set('occurredAt')} errors={errors} />
        <TextAreaField form={FORM} path="links" label={t('respond.intake.links')} hint={t('respond.intake.linksHint')} rows={3} value={draft.links} onChange={set('links')} errors={errors} />
        <div className={fileErrors.length > 0 ? 'field field-invalid' : 'field'}>
          <label htmlFor={fileInput}>{t('respond.intake.attachments')}</label>
          <p className="hint" id={`${fileInput}-hint`}>
            {t('respond.intake.attachmentsHint')}
          </p>
          {fileErrors.length > 0 ? (
            <p className="field-error" id={`${fileInput}-error`}>
              <span className="visually-hidden">{t('form.errorPrefix')} </span>
              {fileErrors.join(' ')}
            </p>
          ) : null}
          <input
            id={fileInput}
            type="file"
            multiple
            accept="image/jpeg,image/png,image/gif,image/webp,application/pdf"
            aria-describedby={[`${fileInput}-hint`, fileErrors.length > 0 ? `${fileInput}-error` : null].filter(Boolean).join(' ')}
            aria-invalid={fileErrors.length > 0 ? true : undefined}
            onChange={(event) => chooseFiles(event.target.files)}
          />
        </div>
        <fieldset>
          <legend>{t('respond.intake.contact')}</legend>
          <p className="hint">{t('respond.intake.contactHint')}</p>
          <TextField form={FORM} path="contact.name" label={t('respond.intake.contactName')} autoComplete="name" value={draft.contactName} onChange={set('contactName')} errors={errors} />
          <TextField form={FORM} path="contact.email" type="email" label={t('respond.intake.contactEmail')} autoComplete="email" value={draft.contactEmail} onChange={set('contactEmail')} errors={errors} />
          <TextField form={FORM} path="contact.phone" type="tel" label={t('respond.intake.contactPhone')} autoComplete="tel" value={draft.contactPhone} onChange={set('contactPhone')} errors={errors} />
        </fieldset>
        <SelectField
          form={FORM}
          path="language"
          label={t('respond.intake.language')}
          value={draft.language || (i18n.language.startsWith('fr') ? 'fr' : 'en')}
          options={[
            { value: 'en', label: 'English' },
            { value: 'fr', label: 'Français' },
          ]}
          onChange={set('language')}
          errors={errors}
        />
        <button type="submit" disabled={action.busy}>
          {t('respond.intake.submit')}
        </button>
      </form>
    </PublicLayout>
  );
}
