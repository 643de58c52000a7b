import { shareRoutes } from '@vigil/api';
import type { Tlp } from '@vigil/domain';
import { TLP_LEVELS } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../components/error-summary';
import { SelectField, TextField } from '../../components/fields';
import { LoadState } from '../../components/load-state';
import { Page } from '../../components/page';
import { Pager } from '../../components/pager';
import { useStatus } from '../../components/status';
import { useAction } from '../../components/use-action';
import { useCursorPages } from '../../components/use-cursor-pages';
import { useLoad } from '../../components/use-load';
import { downloadText } from '../../lib/download';
import { formatDateTime } from '../../lib/format';
import { Link } from '../../router/router';
import { api } from '../../session/api-client';
import { tlpLabel } from './tlp-picker';

const FORM = 'share-filters';

/** STIX types offered as filters: those the hub's forms create, and what DISARM brings. */
export const FILTER_TYPES = ['report', 'indicator', 'incident', 'threat-actor', 'campaign', 'sighting', 'relationship', 'attack-pattern', 'identity', 'course-of-action'] as const;

interface Filters {
  readonly type: string;
  readonly q: string;
  readonly tlp: string;
}

const NO_FILTERS: Filters = { type: '', q: '', tlp: '' };

function isTlp(value: string): value is Tlp {
  return (TLP_LEVELS as readonly string[]).includes(value);
}

/** One collection: its objects (newest first, or best matches first for a search; filtered, paged), import, export, new object. */
export function CollectionPage({ id }: { readonly id: string }) {
  const { t, i18n } = useTranslation();
  const { announce } = useStatus();
  const collection = useLoad(() => api.call(shareRoutes.getCollection, { params: { id } }), [id]);
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const exporting = useAction();
  const list = useCursorPages(
    (cursor) =>
      api.call(shareRoutes.listObjects, {
        params: { id },
        query: { cursor, limit: 25, type: filters.type || undefined, q: filters.q.trim() || undefined, tlp: isTlp(filters.tlp) ? filters.tlp : undefined },
      }),
    [id, filters],
  );

  // The server orders a search best match first (docs/share.md, "Search"); the caption says so.
  const searching = filters.q.trim() !== '';

  function apply(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setFilters(draft);
  }

  /** Downloads what the user may see; `clear`: only TLP:CLEAR objects that refer to nothing left out, to publish. */
  function exportBundle(name: string, clearOnly = false): void {
    void exporting.run(async () => {
      const text = await api.callText(shareRoutes.exportBundle, { params: { id }, query: { tlp: clearOnly ? 'clear' : undefined } });
      downloadText(`${name}${clearOnly ? '-tlp-clear' : ''}.stix.json`, text, 'application/json');
      announce(t(clearOnly ? 'share.collection.exportedClear' : 'share.collection.exported'));
    });
  }

  if (collection.problem) {
    return (
      <Page back={{ href: '/share', label: t('share.collections.back') }} title={t('share.collections.title')}>
        <ErrorSummary problem={collection.problem} />
      </Page>
    );
  }
  return (
    <LoadState data={collection.data} problem={null}>
      {(info) => (
        <Page
          back={{ href: '/share', label: t('share.collections.back') }}
          title={info.title}
          lead={`${info.description} — ${t('share.collection.community', { name: info.communityName })}`}
          actions={
            <>
              {info.canWrite ? (
                <>
                  <Link className="button" href={`/share/collections/${id}/new`}>
                    {t('share.collection.newObject')}
                  </Link>
                  <Link className="button secondary" href={`/share/collections/${id}/import`}>
                    {t('share.collection.import')}
                  </Link>
                </>
              ) : null}
              {info.canRead ? (
                <>
                  <button type="button" className="secondary" onClick={() => exportBundle(info.alias ?? info.id)} disabled={exporting.busy}>
                    {t('share.collection.export')}
                  </button>
                  <button type="button" className="secondary" onClick={() => exportBundle(info.alias ?? info.id, true)} disabled={exporting.busy}>
                    {t('share.collection.exportClear')}
                  </button>
                </>
              ) : null}
            </>
          }
        >
          <ErrorSummary problem={exporting.problem} />
          <p className="notice">{t('share.collection.visibleCount', { count: info.objectCount ?? 0 })}</p>
          <form id={FORM} onSubmit={apply} noValidate className="filters" aria-labelledby="share-filters-title">
            <h2 id="share-filters-title" className="visually-hidden">
              {t('share.collection.filters')}
            </h2>
            <TextField
              form={FORM}
              path="q"
              type="search"
              label={t('share.collection.search')}
              hint={t('share.collection.searchHint')}
              value={draft.q}
              onChange={(event) => setDraft({ ...draft, q: event.target.value })}
            />
            <SelectField
              form={FORM}
              path="type"
              label={t('share.collection.type')}
              value={draft.type}
              emptyLabel={t('share.collection.anyType')}
              options={FILTER_TYPES.map((type) => ({ value: type, label: t(`share.types.${type}`) }))}
              onChange={(event) => setDraft({ ...draft, type: event.target.value })}
            />
            <SelectField
              form={FORM}
              path="tlp"
              label={t('share.collection.tlp')}
              value={draft.tlp}
              emptyLabel={t('share.collection.anyTlp')}
              options={TLP_LEVELS.map((level) => ({ value: level, label: tlpLabel(level) }))}
              onChange={(event) => setDraft({ ...draft, tlp: event.target.value })}
            />
            <div className="filter-buttons">
              <button type="submit">{t('share.collection.apply')}</button>
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  setDraft(NO_FILTERS);
                  setFilters(NO_FILTERS);
                }}
              >
                {t('share.collection.clear')}
              </button>
            </div>
          </form>
          <LoadState data={list.data} problem={list.problem}>
            {(page) =>
              page.items.length === 0 ? (
                <p>{t('share.collection.empty')}</p>
              ) : (
                <div className="table-wrap">
                  <table>
                    <caption>{t(searching ? 'share.collection.searchCaption' : 'share.collection.caption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('share.collection.name')}</th>
                        <th scope="col">{t('share.collection.type')}</th>
                        <th scope="col">{t('share.collection.tlp')}</th>
                        <th scope="col">{t('share.collection.producer')}</th>
                        <th scope="col">{t('share.collection.added')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {page.items.map((object) => (
                        <tr key={object.id}>
                          <th scope="row">
                            <Link href={`/share/collections/${id}/objects/${object.id}`}>{object.name ?? object.id}</Link>
                            {object.revoked ? <span className="badge">{t('share.withdraw.revokedBadge')}</span> : null}
                            {object.description ? (
                              <>
                                <br />
                                <span className="muted">{object.description}</span>
                              </>
                            ) : null}
                          </th>
                          <td>{t(`share.types.${object.type}`, { defaultValue: object.type })}</td>
                          <td>{tlpLabel(object.tlp)}</td>
                          <td>{object.producerName ?? t('share.collection.installation')}</td>
                          <td>{formatDateTime(object.dateAdded, i18n.language)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )
            }
          </LoadState>
          <Pager {...list.pager} label={t(searching ? 'share.collection.searchCaption' : 'share.collection.caption')} />
        </Page>
      )}
    </LoadState>
  );
}
