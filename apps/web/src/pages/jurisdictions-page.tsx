import { routes } from '@vigil/api';
import type { JurisdictionId } from '@vigil/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../components/error-summary';
import { LoadState } from '../components/load-state';
import { Page } from '../components/page';
import { useStatus } from '../components/status';
import { useAction } from '../components/use-action';
import { useLoad } from '../components/use-load';
import { downloadText } from '../lib/download';
import type { JurisdictionNode } from '../lib/jurisdiction-tree';
import { branchIds, jurisdictionTree } from '../lib/jurisdiction-tree';
import { Link } from '../router/router';
import { api } from '../session/api-client';
import { allJurisdictions } from '../session/lists';
import { useLoggedIn } from '../session/session-context';

/** The jurisdiction tree, international → national → regional → local, with CSV export. */
export function JurisdictionsPage() {
  const { t } = useTranslation();
  const { may } = useLoggedIn();
  const { announce } = useStatus();
  const loaded = useLoad(async () => jurisdictionTree(await allJurisdictions()), []);
  const exporting = useAction();
  // Collapsed branches; everything starts expanded so the whole tree is visible at once.
  const [collapsed, setCollapsed] = useState<ReadonlySet<JurisdictionId>>(new Set());

  function exportCsv(): void {
    void exporting.run(async () => {
      const csv = await api.callText(routes.exportJurisdictions, {});
      downloadText('jurisdictions.csv', csv, 'text/csv;charset=utf-8');
      announce(t('jurisdictions.exported'));
    });
  }

  function toggle(id: JurisdictionId): void {
    setCollapsed((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  return (
    <Page
      title={t('jurisdictions.title')}
      lead={t('nav.jurisdictionsDescription')}
      actions={
        <>
          {may('jurisdiction.write') ? (
            <>
              <Link className="button" href="/jurisdictions/new">
                {t('jurisdictions.new')}
              </Link>
              <Link className="button secondary" href="/jurisdictions/import">
                {t('jurisdictions.import')}
              </Link>
            </>
          ) : null}
          <button type="button" className="secondary" onClick={exportCsv} disabled={exporting.busy}>
            {t('jurisdictions.export')}
          </button>
        </>
      }
    >
      <ErrorSummary problem={exporting.problem} />
      <LoadState data={loaded.data} problem={loaded.problem}>
        {(tree) =>
          tree.length === 0 ? (
            <p>{t('jurisdictions.empty')}</p>
          ) : (
            <section aria-labelledby="jurisdiction-tree">
              <div className="section-head">
                <h2 id="jurisdiction-tree">{t('jurisdictions.tree')}</h2>
                <div className="button-row">
                  <button
                    type="button"
                    className="secondary small"
                    onClick={() => setCollapsed(new Set())}
                  >
                    {t('jurisdictions.expandAll')}
                  </button>
                  <button
                    type="button"
                    className="secondary small"
                    onClick={() => setCollapsed(new Set(branchIds(tree)))}
                  >
                    {t('jurisdictions.collapseAll')}
                  </button>
                </div>
              </div>
              <TreeLevel
                nodes={tree}
                collapsed={collapsed}
                onToggle={toggle}
                labelledBy="jurisdiction-tree"
              />
            </section>
          )
        }
      </LoadState>
    </Page>
  );
}

interface TreeLevelProps {
  readonly nodes: readonly JurisdictionNode[];
  readonly collapsed: ReadonlySet<JurisdictionId>;
  readonly onToggle: (id: JurisdictionId) => void;
  readonly labelledBy?: string;
}

/**
 * One level of the tree as a nested list: each branch has a disclosure button (aria-expanded)
 * before its link, so the whole tree works with Tab and Enter.
 */
function TreeLevel({ nodes, collapsed, onToggle, labelledBy }: TreeLevelProps) {
  const { t } = useTranslation();
  return (
    <ul className={labelledBy ? 'tree' : 'tree-children'} aria-labelledby={labelledBy}>
      {nodes.map(({ jurisdiction, children }) => {
        const open = !collapsed.has(jurisdiction.id);
        const childrenId = `tree-${jurisdiction.id}`;
        return (
          <li key={jurisdiction.id}>
            <div className="tree-item">
              {children.length > 0 ? (
                <button
                  type="button"
                  className="tree-toggle"
                  aria-expanded={open}
                  aria-controls={childrenId}
                  onClick={() => onToggle(jurisdiction.id)}
                >
                  <span aria-hidden="true">{open ? '▾' : '▸'}</span>
                  <span className="visually-hidden">
                    {open
                      ? t('jurisdictions.collapse', { name: jurisdiction.name })
                      : t('jurisdictions.expand', { name: jurisdiction.name })}
                  </span>
                </button>
              ) : (
                <span className="tree-spacer" aria-hidden="true" />
              )}
              <Link href={`/jurisdictions/${jurisdiction.id}`}>{jurisdiction.name}</Link>
              <span className={`level level-${jurisdiction.level}`}>
                {t(`levels.${jurisdiction.level}`)}
              </span>
              {jurisdiction.code ? <code>{jurisdiction.code}</code> : null}
            </div>
            {children.length > 0 ? (
              <div id={childrenId} hidden={!open}>
                <TreeLevel nodes={children} collapsed={collapsed} onToggle={onToggle} />
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
