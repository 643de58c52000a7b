import { ImportSummarySchema, routes } from '@vigil/api';
import type { ChangeEvent, FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../components/error-summary';
import { TextAreaField } from '../components/fields';
import { Page } from '../components/page';
import { useStatus } from '../components/status';
import { useAction } from '../components/use-action';
import { useServerMessage } from '../components/use-message';
import { Link } from '../router/router';
import { api } from '../session/api-client';

const FORM = 'jurisdiction-import';

/** Imports jurisdictions from CSV, all or nothing, listing every problem by line. */
export function JurisdictionImportPage() {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const translate = useServerMessage();
  const action = useAction();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [summary, setSummary] = useState<{ created: number; updated: number } | null>(null);

  function readFile(event: ChangeEvent<HTMLInputElement>): void {
    const file = event.target.files?.[0];
    if (!file) return;
    file
      .text()
      .then((content) => {
        setText(content);
        setFileName(file.name);
      })
      .catch((error: unknown) => console.error(error));
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setSummary(null);
    void action.run(async () => {
      const answer = ImportSummarySchema.parse(
        JSON.parse(await api.callText(routes.importJurisdictions, { text })),
      );
      setSummary(answer);
      announce(t('import.done', { created: answer.created, updated: answer.updated }));
    });
  }

  const lineErrors = action.problem?.errors ?? [];
  return (
    <Page
      back={{ href: '/jurisdictions', label: t('jurisdictions.back') }}
      title={t('import.title')}
      lead={t('import.lead')}
    >
      <details className="help">
        <summary>{t('import.formatTitle')}</summary>
        <p>{t('import.format')}</p>
        <pre className="example">
          {'path,level,code,responsible_organisation,contact_name,contact_role,contact_email,contact_phone\n' +
            'Valdoria,national,VL,Valdoria Electoral Commission,Ana Ruiz,Chair,ana@example.org,+000 1 23\n' +
            'Valdoria > North,regional,VL-NO,,,,,'}
        </pre>
        <p>{t('import.exportTip')}</p>
      </details>
      <form id={FORM} onSubmit={submit} noValidate className="form">
        {action.problem && lineErrors.length === 0 ? (
          <ErrorSummary problem={action.problem} form={FORM} />
        ) : null}
        {lineErrors.length > 0 ? (
          <div className="error-summary" role="alert">
            <h2>{t('import.failed', { count: lineErrors.length })}</h2>
            <p>{t('import.nothingImported')}</p>
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t('import.errorsCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('import.where')}</th>
                    <th scope="col">{t('import.what')}</th>
                  </tr>
                </thead>
                <tbody>
                  {lineErrors.map((error, index) => (
                    <tr key={index}>
                      <th scope="row">{error.path || '—'}</th>
                      <td>{translate(error.message)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor={`${FORM}-file`}>{t('import.file')}</label>
          <p className="hint" id={`${FORM}-file-hint`}>
            {fileName ? t('import.fileLoaded', { name: fileName }) : t('import.fileHint')}
          </p>
          <input
            id={`${FORM}-file`}
            type="file"
            accept=".csv,text/csv"
            aria-describedby={`${FORM}-file-hint`}
            onChange={readFile}
          />
        </div>
        <TextAreaField
          form={FORM}
          path="text"
          label={t('import.text')}
          hint={t('import.textHint')}
          rows={10}
          className="mono"
          value={text}
          onChange={(event) => setText(event.target.value)}
          spellCheck={false}
        />
        <button type="submit" disabled={action.busy || text.trim() === ''}>
          {t('import.submit')}
        </button>
      </form>
      {summary ? (
        <p className="notice">
          {t('import.done', { created: summary.created, updated: summary.updated })}{' '}
          <Link href="/jurisdictions">{t('import.seeTree')}</Link>
        </p>
      ) : null}
    </Page>
  );
}
