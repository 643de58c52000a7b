import { routes } from '@vigil/api';
import type { OrganisationType } from '@vigil/domain';
import { ORGANISATION_TYPES } from '@vigil/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../components/fields';
import { LoadState } from '../components/load-state';
import { useEnumOptions } from '../components/options';
import { Page } from '../components/page';
import { Pager } from '../components/pager';
import { useCursorPages } from '../components/use-cursor-pages';
import { isOrganisationType } from '../lib/guards';
import { Link } from '../router/router';
import { api } from '../session/api-client';
import { useLoggedIn } from '../session/session-context';

/** The list of organisations, by name, with a filter by type. */
export function OrganisationsPage() {
  const { t } = useTranslation();
  const { may } = useLoggedIn();
  const [type, setType] = useState<OrganisationType | ''>('');
  const typeOptions = useEnumOptions(ORGANISATION_TYPES, 'organisationTypes');
  const list = useCursorPages(
    (cursor) =>
      api.call(routes.listOrganisations, {
        query: { cursor, limit: 50, type: type === '' ? undefined : type },
      }),
    [type],
  );
  return (
    <Page
      title={t('organisations.title')}
      lead={t('nav.organisationsDescription')}
      actions={
        may('organisation.create') ? (
          <Link className="button" href="/admin/organisations/new">
            {t('organisations.new')}
          </Link>
        ) : null
      }
    >
      <div className="filters">
        <SelectField
          form="organisations-filter"
          path="type"
          label={t('organisations.type')}
          value={type}
          emptyLabel={t('organisations.allTypes')}
          options={typeOptions}
          onChange={(event) =>
            setType(isOrganisationType(event.target.value) ? event.target.value : '')
          }
        />
      </div>
      <LoadState data={list.data} problem={list.problem}>
        {(page) =>
          page.items.length === 0 ? (
            <p>{t('organisations.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t('organisations.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('organisations.name')}</th>
                    <th scope="col">{t('organisations.type')}</th>
                    <th scope="col">{t('organisations.country')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((organisation) => (
                    <tr key={organisation.id}>
                      <th scope="row">
                        <Link href={`/admin/organisations/${organisation.id}`}>
                          {organisation.name}
                        </Link>
                      </th>
                      <td>{t(`organisationTypes.${organisation.type}`)}</td>
                      <td>{organisation.country ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadState>
      <Pager label={t('organisations.title')} {...list.pager} />
    </Page>
  );
}
