import { respondCaseRoutes, respondEscalationRoutes as escalation, shareRoutes } from '@vigil/api';
import type { Tlp } from '@vigil/domain';
import { TLP_LEVELS } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../../components/error-summary';
import { SelectField, TextAreaField, TextField } from '../../../components/fields';
import { LoadState } from '../../../components/load-state';
import { Page } from '../../../components/page';
import { useStatus } from '../../../components/status';
import { useAction } from '../../../components/use-action';
import { useLoad } from '../../../components/use-load';
import { formatDateTime } from '../../../lib/format';
import { api } from '../../../session/api-client';
import { allJurisdictions, allOrganisations } from '../../../session/lists';
import { NoticeItem } from '../notices/notice-item';
import { PlatformRequestItem } from './platform-request-item';

type CaseView = respondCaseRoutes.CaseDetailView['case'];

/**
 * Escalation and publishing of one case: acknowledge, escalate, mutual aid, requests to
 * platforms, sharing as STIX and public notices.
 */
export function CaseEscalationPage({ id }: { readonly id: string }) {
  const { t } = useTranslation();
  // `id` may be the case's id or its reference; the routes below take the id.
  const detail = useLoad(() => api.call(respondCaseRoutes.getCase, { params: { id } }), [id]);
  const title = detail.data ? t('respond.escalation.case.title', { reference: detail.data.case.reference }) : t('respond.escalation.case.titlePlain');
  return (
    <Page title={title} back={{ href: `/respond/cases/${id}`, label: t('respond.escalation.case.back') }}>
      <LoadState data={detail.data} problem={detail.problem}>
        {(d) => <CaseEscalationBody caseView={d.case} canWork={d.canWork} reloadCase={detail.reload} />}
      </LoadState>
    </Page>
  );
}

function CaseEscalationBody({ caseView, canWork, reloadCase }: { readonly caseView: CaseView; readonly canWork: boolean; readonly reloadCase: () => void }) {
  const { t, i18n } = useTranslation();
  const history = useLoad(() => api.call(escalation.caseEscalations, { params: { id: caseView.id } }), [caseView.id]);
  const jurisdictions = useLoad(allJurisdictions, []);
  const names = new Map((jurisdictions.data ?? []).map((j) => [j.id as string, j.name]));
  const reload = () => {
    reloadCase();
    history.reload();
  };
  return (
    <>
      <section aria-labelledby="escalation-history">
        <h2 id="escalation-history">{t('respond.escalation.case.history')}</h2>
        <ErrorSummary problem={history.problem} />
        {history.data && history.data.escalations.length > 0 ? (
          <ol>
            {history.data.escalations.map((e) => (
              <li key={e.id} data-testid="escalation">
                {t('respond.escalation.case.entry', { level: e.level, from: names.get(e.fromJurisdictionId) ?? '', to: names.get(e.toJurisdictionId) ?? '', reason: t(`respond.escalation.reasons.${e.reason}`) })}{' '}
                <span className="hint">{formatDateTime(e.at, i18n.language)}</span>
              </li>
            ))}
          </ol>
        ) : history.data ? (
          <p>{t('respond.escalation.case.noEscalation')}</p>
        ) : null}
        {canWork ? <EscalateForms caseView={caseView} reload={reload} /> : null}
      </section>
      {canWork ? <MutualAidForm caseView={caseView} jurisdictions={jurisdictions.data ?? []} reload={reload} /> : null}
      <PlatformRequestsSection caseView={caseView} canWork={canWork} />
      {canWork ? <ShareForm caseView={caseView} reload={reload} /> : null}
      <NoticesSection caseView={caseView} canWork={canWork} />
    </>
  );
}

function EscalateForms({ caseView, reload }: { readonly caseView: CaseView; readonly reload: () => void }) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const [note, setNote] = useState('');
  const form = 'case-escalate';
  function acknowledge(): void {
    void action.run(async () => {
      await api.call(escalation.acknowledgeCase, { params: { id: caseView.id }, body: {} });
      announce(t('respond.escalation.case.acknowledged'));
      reload();
    });
  }
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      await api.call(escalation.escalateCase, { params: { id: caseView.id }, body: { note } });
      setNote('');
      announce(t('respond.escalation.case.escalated'));
      reload();
    });
  }
  return (
    <form id={form} className="form panel" onSubmit={submit} noValidate aria-labelledby={`${form}-legend`}>
      <h3 id={`${form}-legend`}>{t('respond.escalation.case.act')}</h3>
      <ErrorSummary problem={action.problem} form={form} />
      <p>
        <button type="button" disabled={action.busy} onClick={acknowledge}>
          {t('respond.escalation.case.acknowledge')}
        </button>
      </p>
      <TextField form={form} path="note" label={t('respond.escalation.case.note')} value={note} onChange={(e) => setNote(e.target.value)} errors={action.errors} />
      <button type="submit" disabled={action.busy}>
        {t('respond.escalation.case.escalate')}
      </button>
    </form>
  );
}

function MutualAidForm({ caseView, jurisdictions, reload }: { readonly caseView: CaseView; readonly jurisdictions: readonly { id: string; name: string; parentId: string | null }[]; readonly reload: () => void }) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const own = jurisdictions.find((j) => j.id === caseView.jurisdictionId);
  const peers = jurisdictions.filter((j) => own && j.id !== own.id && j.parentId !== null && j.parentId === own.parentId);
  const [to, setTo] = useState('');
  const [message, setMessage] = useState('');
  const form = 'case-aid';
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      await api.call(escalation.requestMutualAid, { params: { id: caseView.id }, body: { toJurisdictionId: to || (peers[0]?.id ?? ''), message } });
      setMessage('');
      announce(t('respond.escalation.aid.sent'));
      reload();
    });
  }
  if (peers.length === 0) return null;
  return (
    <form id={form} className="form panel" onSubmit={submit} noValidate aria-labelledby={`${form}-legend`}>
      <h2 id={`${form}-legend`}>{t('respond.escalation.aid.request')}</h2>
      <ErrorSummary problem={action.problem} form={form} />
      <SelectField form={form} path="toJurisdictionId" label={t('respond.escalation.aid.to')} value={to || (peers[0]?.id ?? '')} options={peers.map((p) => ({ value: p.id, label: p.name }))} onChange={(e) => setTo(e.target.value)} errors={action.errors} />
      <TextAreaField form={form} path="message" label={t('respond.escalation.aid.message')} value={message} onChange={(e) => setMessage(e.target.value)} errors={action.errors} required />
      <button type="submit" disabled={action.busy}>
        {t('respond.escalation.aid.send')}
      </button>
    </form>
  );
}

const KINDS = ['label', 'remove', 'preserve-evidence', 'provide-data'] as const;

function PlatformRequestsSection({ caseView, canWork }: { readonly caseView: CaseView; readonly canWork: boolean }) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const requests = useLoad(() => api.call(escalation.casePlatformRequests, { params: { id: caseView.id } }), [caseView.id]);
  const organisations = useLoad(allOrganisations, []);
  const platforms = (organisations.data ?? []).filter((o) => o.type === 'platform');
  const action = useAction();
  const [platform, setPlatform] = useState('');
  const [kind, setKind] = useState<(typeof KINDS)[number]>('label');
  const [targets, setTargets] = useState('');
  const [justification, setJustification] = useState('');
  const form = 'case-platform-request';
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      await api.call(escalation.createPlatformRequest, {
        params: { id: caseView.id },
        body: { platformOrganisationId: platform || (platforms[0]?.id ?? ''), kind, targets: targets.split('\n').map((s) => s.trim()).filter(Boolean), justification },
      });
      setTargets('');
      setJustification('');
      announce(t('respond.requests.sent'));
      requests.reload();
    });
  }
  return (
    <section aria-labelledby="platform-requests">
      <h2 id="platform-requests">{t('respond.requests.title')}</h2>
      {requests.data && requests.data.items.length > 0 ? (
        <ul className="card-list">
          {requests.data.items.map((r) => (
            <li key={r.id}>
              <PlatformRequestItem request={r} onAnswered={requests.reload} canRecordNoAnswer={canWork} />
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('respond.requests.none')}</p>
      )}
      {canWork && platforms.length > 0 ? (
        <form id={form} className="form panel" onSubmit={submit} noValidate aria-labelledby={`${form}-legend`}>
          <h3 id={`${form}-legend`}>{t('respond.requests.new')}</h3>
          <ErrorSummary problem={action.problem} form={form} />
          <SelectField form={form} path="platformOrganisationId" label={t('respond.requests.platform')} value={platform || (platforms[0]?.id ?? '')} options={platforms.map((p) => ({ value: p.id, label: p.name }))} onChange={(e) => setPlatform(e.target.value)} errors={action.errors} />
          <SelectField form={form} path="kind" label={t('respond.requests.kind')} value={kind} options={KINDS.map((k) => ({ value: k, label: t(`respond.requests.kinds.${k}`) }))} onChange={(e) => setKind(e.target.value as (typeof KINDS)[number])} errors={action.errors} />
          <TextAreaField form={form} path="targets" label={t('respond.requests.targets')} hint={t('respond.requests.targetsHint')} value={targets} onChange={(e) => setTargets(e.target.value)} errors={action.errors} required />
          <TextAreaField form={form} path="justification" label={t('respond.requests.justification')} value={justification} onChange={(e) => setJustification(e.target.value)} errors={action.errors} required />
          <button type="submit" disabled={action.busy}>
            {t('respond.requests.send')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

function ShareForm({ caseView, reload }: { readonly caseView: CaseView; readonly reload: () => void }) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const collections = useLoad(() => api.call(shareRoutes.listCollections, {}), []);
  const writable = (collections.data?.items ?? []).filter((c) => c.canWrite);
  const [collection, setCollection] = useState('');
  const [tlp, setTlp] = useState<Tlp>('amber');
  const form = 'case-share';
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      const shared = await api.call(escalation.shareCase, { params: { id: caseView.id }, body: { collectionId: collection || (writable[0]?.id ?? ''), tlp } });
      announce(t('respond.escalation.share.done', { count: shared.objectIds.length }));
      reload();
    });
  }
  return (
    <form id={form} className="form panel" onSubmit={submit} noValidate aria-labelledby={`${form}-legend`}>
      <h2 id={`${form}-legend`}>{t('respond.escalation.share.title')}</h2>
      <p className="hint">{t('respond.escalation.share.hint')}</p>
      <ErrorSummary problem={action.problem} form={form} />
      <SelectField form={form} path="collectionId" label={t('respond.escalation.share.collection')} value={collection || (writable[0]?.id ?? '')} options={writable.map((c) => ({ value: c.id, label: c.title }))} onChange={(e) => setCollection(e.target.value)} errors={action.errors} />
      <SelectField form={form} path="tlp" label={t('respond.escalation.share.tlp')} value={tlp} options={TLP_LEVELS.map((level) => ({ value: level, label: `TLP:${level.toUpperCase()}` }))} onChange={(e) => setTlp(e.target.value as Tlp)} errors={action.errors} />
      <button type="submit" disabled={action.busy || writable.length === 0}>
        {t('respond.escalation.share.submit')}
      </button>
    </form>
  );
}

function NoticesSection({ caseView, canWork }: { readonly caseView: CaseView; readonly canWork: boolean }) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const notices = useLoad(() => api.call(escalation.caseNotices, { params: { id: caseView.id } }), [caseView.id]);
  const action = useAction();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [outcome, setOutcome] = useState('');
  const form = 'case-notice';
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      await api.call(escalation.draftNotice, { params: { id: caseView.id }, body: { title, body, publicOutcome: outcome } });
      setTitle('');
      setBody('');
      setOutcome('');
      announce(t('respond.notices.drafted'));
      notices.reload();
    });
  }
  return (
    <section aria-labelledby="case-notices">
      <h2 id="case-notices">{t('respond.notices.title')}</h2>
      {notices.data && notices.data.items.length > 0 ? (
        <ul className="card-list">
          {notices.data.items.map((n) => (
            <li key={n.id}>
              <NoticeItem notice={n} onChanged={notices.reload} />
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('respond.notices.none')}</p>
      )}
      {canWork ? (
        <form id={form} className="form panel" onSubmit={submit} noValidate aria-labelledby={`${form}-legend`}>
          <h3 id={`${form}-legend`}>{t('respond.notices.draft')}</h3>
          <p className="hint">{t('respond.notices.redact')}</p>
          <ErrorSummary problem={action.problem} form={form} />
          <TextField form={form} path="title" label={t('respond.notices.fields.title')} value={title} onChange={(e) => setTitle(e.target.value)} errors={action.errors} required />
          <TextAreaField form={form} path="body" label={t('respond.notices.fields.body')} value={body} onChange={(e) => setBody(e.target.value)} errors={action.errors} required />
          <TextAreaField form={form} path="publicOutcome" label={t('respond.notices.fields.publicOutcome')} hint={t('respond.notices.fields.publicOutcomeHint')} value={outcome} onChange={(e) => setOutcome(e.target.value)} errors={action.errors} required />
          <button type="submit" disabled={action.busy}>
            {t('respond.notices.saveDraft')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
