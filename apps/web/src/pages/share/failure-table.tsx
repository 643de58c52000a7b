import { useTranslation } from 'react-i18next';

/** One validation failure: where (JSON path or line and column) and what. */
export interface Failure {
  readonly path: string;
  readonly message: string;
  readonly objectId?: string | null;
}

/** The failures of a bundle, one row each, with the JSON path first. */
export function FailureTable({ failures, caption }: { readonly failures: readonly Failure[]; readonly caption: string }) {
  const { t } = useTranslation();
  const withIds = failures.some((failure) => failure.objectId);
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('share.failures.path')}</th>
            {withIds ? <th scope="col">{t('share.failures.object')}</th> : null}
            <th scope="col">{t('share.failures.message')}</th>
          </tr>
        </thead>
        <tbody>
          {failures.map((failure, index) => (
            <tr key={index}>
              <th scope="row">
                <code>{failure.path || '/'}</code>
              </th>
              {withIds ? <td>{failure.objectId ? <code>{failure.objectId}</code> : '—'}</td> : null}
              <td>{failure.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
