import type { detectRoutes } from '@vigil/api';
import { detectRoutes as contracts } from '@vigil/api';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../components/error-summary';
import { CheckboxField, TextField } from '../../components/fields';
import { LoadState } from '../../components/load-state';
import { Page } from '../../components/page';
import { useAction } from '../../components/use-action';
import { useLoad } from '../../components/use-load';
import { formatDateTime } from '../../lib/format';
import { navigate } from '../../router/router';
import { api } from '../../session/api-client';
import { useLoggedIn } from '../../session/session-context';
import { RunsTable } from './detect-page';
import { formatBytes } from './format';

const FORM = 'detect-run';

/** The run form: methods, window and thresholds, as `vigil detect coordination` takes them. */
function RunForm({ datasetId }: { readonly datasetId: string }) {
  const { t } = useTranslation();
  const action = useAction();
  const [methods, setMethods] = useState<readonly detectRoutes.DetectMethod[]>(contracts.DETECT_METHODS);
  const [window, setWindow] = useState('60');
  const [alpha, setAlpha] = useState('0.01');
  const [seed, setSeed] = useState('1');
  const [maxPairs, setMaxPairs] = useState('50');

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const number = (text: string) => (text.trim() === '' ? undefined : Number(text));
    void action.run(async () => {
      const body = {
        datasetId,
        methods: [...methods],
        ...(window.trim() === '' ? {} : { window: window.trim().toLowerCase() === 'auto' ? ('auto' as const) : Number(window) }),
        ...(number(alpha) === undefined ? {} : { alpha: number(alpha) }),
        ...(number(seed) === undefined ? {} : { seed: number(seed) }),
        ...(number(maxPairs) === undefined ? {} : { maxPairsPerShare: number(maxPairs) }),
      };
      const run = await api.call(contracts.createRun, { body });
      navigate(`/detect/runs/${run.id}`);
    });
  }

  const toggle = (method: detectRoutes.DetectMethod, on: boolean) =>
    setMethods((previous) => contracts.DETECT_METHODS.filter((candidate) => (candidate === method ? on : previous.includes(candidate))));
  return (
    <form id={FORM} onSubmit={submit} noValidate className="form">
      <h2>{t('detect.run.title')}</h2>
      <ErrorSummary problem={action.problem} form={FORM} />
      <fieldset>
        <legend>{t('detect.run.methods')}</legend>
        <p className="hint">{t('detect.run.methodsHint')}</p>
        {contracts.DETECT_METHODS.map((method) => (
          <CheckboxField
            key={method}
            form={FORM}
            path={`methods.${method}`}
            label={t(`detect.methods.${method}`)}
            checked={methods.includes(method)}
            onChange={(event) => toggle(method, event.target.checked)}
          />
        ))}
      </fieldset>
      <TextField form={FORM} path="window" label={t('detect.run.window')} hint={t('detect.run.windowHint')} value={window} onChange={(event) => setWindow(event.target.value)} errors={action.errors} />
      <TextField form={FORM} path="alpha" inputMode="decimal" label={t('detect.run.alpha')} hint={t('detect.run.alphaHint')} value={alpha} onChange={(event) => setAlpha(event.target.value)} errors={action.errors} />
      <TextField form={FORM} path="seed" inputMode="numeric" label={t('detect.run.seed')} hint={t('detect.run.seedHint')} value={seed} onChange={(event) => setSeed(event.target.value)} errors={action.errors} />
      <TextField
        form={FORM}
        path="maxPairsPerShare"
        inputMode="numeric"
        label={t('detect.run.maxPairs')}
        hint={t('detect.run.maxPairsHint')}
        value={maxPairs}
        onChange={(event) => setMaxPairs(event.target.value)}
        errors={action.errors}
      />
      <button type="submit" disabled={action.busy || methods.length === 0}>
        {t('detect.run.submit')}
      </button>
    </form>
  );
}

/** One dataset: what was uploaded, a form to run detection on it, and its runs. */
export function DatasetPage({ id }: { readonly id: string }) {
  const { t, i18n } = useTranslation();
  const { may } = useLoggedIn();
  const loaded = useLoad(() => api.call(contracts.getDataset, { params: { id } }), [id]);
  return (
    <Page back={{ href: '/detect', label: t('detect.home.title') }} title={loaded.data?.name ?? t('detect.dataset.title')}>
      <LoadState data={loaded.data} problem={loaded.problem}>
        {(dataset) => (
          <>
            <dl className="facts">
              <dt>{t('detect.datasets.format')}</dt>
              <dd>{t(`detect.formats.${dataset.format}`)}</dd>
              <dt>{t('detect.datasets.size')}</dt>
              <dd>
                {formatBytes(dataset.sizeBytes, i18n.language)}
                {dataset.compressed ? ` (${t('detect.dataset.gzip')})` : ''}
              </dd>
              <dt>{t('detect.datasets.sha256')}</dt>
              <dd>
                <code>{dataset.sha256}</code>
              </dd>
              <dt>{t('detect.dataset.columns')}</dt>
              <dd>{dataset.columns.length > 0 ? dataset.columns.join(', ') : '—'}</dd>
              <dt>{t('detect.datasets.uploaded')}</dt>
              <dd>{formatDateTime(dataset.createdAt, i18n.language)}</dd>
            </dl>
            {may('detect.run') ? <RunForm datasetId={dataset.id} /> : null}
            <RunsTable datasetId={dataset.id} />
          </>
        )}
      </LoadState>
    </Page>
  );
}
