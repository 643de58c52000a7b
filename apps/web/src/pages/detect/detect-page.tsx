import type { detectRoutes } from '@vigil/api';
import { detectRoutes as contracts } from '@vigil/api';
import type { FormEvent } from 'react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../components/error-summary';
import { SelectField, TextField } from '../../components/fields';
import { LoadState } from '../../components/load-state';
import { Page } from '../../components/page';
import { Pager } from '../../components/pager';
import { useStatus } from '../../components/status';
import { useAction } from '../../components/use-action';
import { useCursorPages } from '../../components/use-cursor-pages';
import { fieldId } from '../../lib/field-errors';
import { formatDateTime } from '../../lib/format';
import { Link, navigate } from '../../router/router';
import { api } from '../../session/api-client';
import { useLoggedIn } from '../../session/session-context';
import { formatBytes } from './format';
import { RunStatus } from './run-status';
import { uploadDataset } from './upload-dataset';

const FORM = 'detect-upload';
/** How often the runs list is read again while a run is queued or running. */
export const POLL_MS = 1500;

/** Mapping fields offered for the generic format, in the order of the form. */
const MAPPED: readonly detectRoutes.MappingField[] = ['account', 'time', 'postId', 'text', 'url', 'repostOf', 'replyTo', 'hashtags', 'accountCreated'];

/** The upload form: a file, its format and, for the generic format, which column holds what. */
function UploadForm({ onUploaded }: { readonly onUploaded: (dataset: detectRoutes.DetectDataset) => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<detectRoutes.DetectFormat>('coortweet');
  const [mapping, setMapping] = useState<Partial<Record<detectRoutes.MappingField, string>>>({});
  const [progress, setProgress] = useState<number | null>(null);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (!file) return;
    const mappingText = format === 'generic' ? Object.entries(mapping).filter(([, column]) => column.trim() !== '').map(([field, column]) => `${field}=${column.trim()}`).join(',') : '';
    setProgress(0);
    void action
      .run(async () => {
        const dataset = await uploadDataset({
          file,
          query: { name: file.name, format, ...(mappingText === '' ? {} : { mapping: mappingText }) },
          onProgress: setProgress,
        });
        onUploaded(dataset);
      })
      .finally(() => setProgress(null));
  }

  const fileId = fieldId(FORM, 'body');
  const fileErrors = action.errors.get('body') ?? [];
  return (
    <form id={FORM} onSubmit={submit} noValidate className="form">
      <h2>{t('detect.upload.title')}</h2>
      <p className="hint">{t('detect.upload.lead')}</p>
      <ErrorSummary problem={action.problem} form={FORM} />
      <div className={fileErrors.length > 0 ? 'field field-invalid' : 'field'}>
        <label htmlFor={fileId}>
          {t('detect.upload.file')}
          <span className="required"> ({t('form.required')})</span>
        </label>
        <p className="hint" id={`${fileId}-hint`}>
          {t('detect.upload.fileHint')}
        </p>
        {fileErrors.length > 0 ? (
          <p className="field-error" id={`${fileId}-error`}>
            <span className="visually-hidden">{t('form.errorPrefix')} </span>
            {fileErrors.join(' ')}
          </p>
        ) : null}
        <input
          id={fileId}
          type="file"
          required
          accept=".csv,.gz,.jsonl,.ndjson,.json,.parquet,.tsv"
          aria-describedby={[`${fileId}-hint`, fileErrors.length > 0 ? `${fileId}-error` : null].filter(Boolean).join(' ')}
          aria-invalid={fileErrors.length > 0 ? true : undefined}
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
      </div>
      <SelectField
        form={FORM}
        path="query.format"
        label={t('detect.upload.format')}
        hint={t('detect.upload.formatHint')}
        value={format}
        required
        options={contracts.DETECT_FORMATS.map((value) => ({ value, label: t(`detect.formats.${value}`) }))}
        onChange={(event) => setFormat(event.target.value as detectRoutes.DetectFormat)}
        errors={action.errors}
      />
      {format === 'generic' ? (
        <fieldset>
          <legend>{t('detect.upload.mapping')}</legend>
          <p className="hint">{t('detect.upload.mappingHint')}</p>
          {MAPPED.map((field) => (
            <TextField
              key={field}
              form={FORM}
              path={`mapping.${field}`}
              label={t(`detect.fields.${field}`)}
              value={mapping[field] ?? ''}
              onChange={(event) => setMapping((previous) => ({ ...previous, [field]: event.target.value }))}
              errors={action.errors}
            />
          ))}
        </fieldset>
      ) : null}
      {progress !== null ? (
        <p>
          <label htmlFor="detect-upload-progress">{t('detect.upload.sending')}</label>{' '}
          <progress id="detect-upload-progress" max={100} value={Math.round(progress * 100)}>
            {Math.round(progress * 100)}%
          </progress>{' '}
          {Math.round(progress * 100)}%
        </p>
      ) : null}
      <button type="submit" disabled={action.busy || file === null}>
        {t('detect.upload.submit')}
      </button>
    </form>
  );
}

/** Datasets with a link to run detection on each. */
function DatasetsTable() {
  const { t, i18n } = useTranslation();
  const pages = useCursorPages((cursor) => api.call(contracts.listDatasets, { query: { cursor, limit: 20 } }), []);
  return (
    <section aria-labelledby="detect-datasets">
      <h2 id="detect-datasets">{t('detect.datasets.title')}</h2>
      <LoadState data={pages.data} problem={pages.problem}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t('detect.datasets.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t('detect.datasets.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('detect.datasets.name')}</th>
                    <th scope="col">{t('detect.datasets.format')}</th>
                    <th scope="col" className="numeric">
                      {t('detect.datasets.size')}
                    </th>
                    <th scope="col">{t('detect.datasets.sha256')}</th>
                    <th scope="col">{t('detect.datasets.uploaded')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((dataset) => (
                    <tr key={dataset.id}>
                      <th scope="row">
                        <Link href={`/detect/datasets/${dataset.id}`}>{dataset.name}</Link>
                      </th>
                      <td>{t(`detect.formats.${dataset.format}`)}</td>
                      <td className="numeric">{formatBytes(dataset.sizeBytes, i18n.language)}</td>
                      <td>
                        <code title={dataset.sha256}>{dataset.sha256.slice(0, 12)}…</code>
                      </td>
                      <td>{formatDateTime(dataset.createdAt, i18n.language)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadState>
      <Pager {...pages.pager} label={t('detect.datasets.title')} />
    </section>
  );
}

/** Runs, read again every POLL_MS while one is queued or running. */
export function RunsTable({ datasetId }: { readonly datasetId?: string }) {
  const { t, i18n } = useTranslation();
  const pages = useCursorPages((cursor) => api.call(contracts.listRuns, { query: { cursor, limit: 20, ...(datasetId ? { datasetId } : {}) } }), [datasetId]);
  const active = (pages.data?.items ?? []).some((run) => run.status === 'queued' || run.status === 'running');
  const { reload } = pages;
  useEffect(() => {
    if (!active) return undefined;
    const timer = setTimeout(reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [active, pages.data, reload]);
  return (
    <section aria-labelledby="detect-runs">
      <h2 id="detect-runs">{t('detect.runs.title')}</h2>
      <LoadState data={pages.data} problem={pages.problem}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t('detect.runs.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t('detect.runs.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('detect.runs.run')}</th>
                    <th scope="col">{t('detect.runs.dataset')}</th>
                    <th scope="col">{t('detect.runs.status')}</th>
                    <th scope="col" className="numeric">
                      {t('detect.runs.communities')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((run) => (
                    <tr key={run.id}>
                      <th scope="row">
                        <Link href={`/detect/runs/${run.id}`}>{formatDateTime(run.createdAt, i18n.language)}</Link>
                      </th>
                      <td>{run.datasetName}</td>
                      <td>
                        <RunStatus run={run} />
                      </td>
                      <td className="numeric">{run.summary ? run.summary.communities.count : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadState>
      <Pager {...pages.pager} label={t('detect.runs.title')} />
    </section>
  );
}

/** Detection's start page: upload a dataset, the datasets, the runs with live progress. */
export function DetectPage() {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const { may } = useLoggedIn();
  return (
    <Page title={t('detect.home.title')} lead={t('detect.home.lead')}>
      {may('detect.run') ? (
        <UploadForm
          onUploaded={(dataset) => {
            announce(t('detect.upload.done', { name: dataset.name }));
            navigate(`/detect/datasets/${dataset.id}`);
          }}
        />
      ) : null}
      <DatasetsTable />
      <RunsTable />
    </Page>
  );
}
