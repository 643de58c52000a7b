import { shareRoutes } from '@vigil/api';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../components/error-summary';
import { Page } from '../../components/page';
import { useAction } from '../../components/use-action';
import { api } from '../../session/api-client';
import { BundleInput } from './bundle-input';
import { FailureTable } from './failure-table';

const FORM = 'share-validate';

/** Validates a STIX 2.1 bundle against the schemas, the specification's rules and DISARM, storing nothing. */
export function ValidatePage() {
  const { t } = useTranslation();
  const action = useAction();
  const [text, setText] = useState('');
  const [result, setResult] = useState<shareRoutes.BundleValidation | null>(null);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setResult(null);
    void action.run(async () => {
      setResult(await api.call(shareRoutes.validateBundle, { body: { bundle: text } }));
    });
  }

  return (
    <Page back={{ href: '/share', label: t('share.collections.back') }} title={t('share.validate.title')} lead={t('share.validate.lead')}>
      <form id={FORM} onSubmit={submit} noValidate className="form">
        <ErrorSummary problem={action.problem} form={FORM} />
        <BundleInput form={FORM} value={text} onChange={setText} errors={action.errors} />
        <button type="submit" disabled={action.busy || text.trim() === ''}>
          {t('share.validate.submit')}
        </button>
      </form>
      {result ? (
        <section aria-labelledby="validation-result" className={result.valid ? 'result result-ok' : 'result result-broken'} role="status">
          <h2 id="validation-result">{result.valid ? t('share.validate.valid', { count: result.objectCount }) : t('share.validate.invalid', { count: result.failures.length, invalid: result.invalidObjects, total: result.objectCount })}</h2>
          {result.failures.length > 0 ? <FailureTable failures={result.failures} caption={t('share.validate.caption')} /> : null}
        </section>
      ) : null}
    </Page>
  );
}
