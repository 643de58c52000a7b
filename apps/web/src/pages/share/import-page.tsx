import { shareRoutes } from '@vigil/api';
import type { Tlp } from '@vigil/domain';
import { TLP_LEVELS } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../components/error-summary';
import { SelectField } from '../../components/fields';
import { Page } from '../../components/page';
import { useStatus } from '../../components/status';
import { useAction } from '../../components/use-action';
import { useLoad } from '../../components/use-load';
import { Link } from '../../router/router';
import { api } from '../../session/api-client';
import { BundleInput } from './bundle-input';
import { FailureTable } from './failure-table';
import { RecipientsPicker } from './recipients-picker';
import { tlpLabel } from './tlp-picker';

const FORM = 'share-import';

/** Imports a STIX bundle into a collection: all of it, or nothing with every failure listed. */
export function ImportPage({ collectionId }: { readonly collectionId: string }) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const [text, setText] = useState('');
  const [tlp, setTlp] = useState('');
  const [imported, setImported] = useState<number | null>(null);
  const [recipients, setRecipients] = useState<string[]>([]);
  const collection = useLoad(() => api.call(shareRoutes.getCollection, { params: { id: collectionId } }), [collectionId]);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setImported(null);
    void action.run(async () => {
      const level = (TLP_LEVELS as readonly string[]).includes(tlp) ? (tlp as Tlp) : undefined;
      const named = level === 'amber' || level === 'red' ? recipients : [];
      const answer = await api.call(shareRoutes.importBundle, { params: { id: collectionId }, body: { bundle: text, tlp: level, recipientOrganisationIds: named } });
      setImported(answer.imported);
      announce(t('share.import.done', { count: answer.imported }));
    });
  }

  // Failures of the objects are listed as a table; other problems (rights, size) in the summary.
  const failures = (action.problem?.errors ?? []).filter((error) => error.path.startsWith('/objects') || error.path.startsWith('line ') || error.path === '/' || error.path === '/id' || error.path === '/type');
  return (
    <Page back={{ href: `/share/collections/${collectionId}`, label: t('share.object.back') }} title={t('share.import.title')} lead={t('share.import.lead')}>
      <form id={FORM} onSubmit={submit} noValidate className="form">
        {action.problem && failures.length === 0 ? <ErrorSummary problem={action.problem} form={FORM} /> : null}
        {failures.length > 0 ? (
          <div className="error-summary" role="alert">
            <h2>{t('share.import.failed', { count: failures.length })}</h2>
            <p>{t('share.import.nothingImported')}</p>
            <FailureTable failures={failures} caption={t('share.validate.caption')} />
          </div>
        ) : null}
        <BundleInput form={FORM} value={text} onChange={setText} />
        <SelectField
          form={FORM}
          path="tlp"
          label={t('share.import.tlp')}
          hint={t('share.import.tlpHint')}
          value={tlp}
          emptyLabel={t('share.import.keepMarkings')}
          options={TLP_LEVELS.map((level) => ({ value: level, label: tlpLabel(level) }))}
          onChange={(event) => setTlp(event.target.value)}
          errors={action.errors}
        />
        {(tlp === 'amber' || tlp === 'red') && collection.data ? (
          <RecipientsPicker form={FORM} level={tlp} organisations={collection.data.communityOrganisations} value={recipients} onChange={setRecipients} errors={action.errors} />
        ) : null}
        <button type="submit" disabled={action.busy || text.trim() === ''}>
          {t('share.import.submit')}
        </button>
      </form>
      {imported !== null ? (
        <p className="notice">
          {t('share.import.done', { count: imported })} <Link href={`/share/collections/${collectionId}`}>{t('share.import.see')}</Link>
        </p>
      ) : null}
    </Page>
  );
}
