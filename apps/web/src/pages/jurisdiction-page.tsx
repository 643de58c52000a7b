import { routes } from '@vigil/api';
import type { Jurisdiction, JurisdictionId, Organisation, OrganisationId } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../components/error-summary';
import { LoadState } from '../components/load-state';
import { AuditTrailLink } from '../components/audit-trail-link';
import { Page } from '../components/page';
import { useStatus } from '../components/status';
import { useAction } from '../components/use-action';
import { useLoad } from '../components/use-load';
import { Link } from '../router/router';
import { api } from '../session/api-client';
import { allOrganisations } from '../session/lists';
import { useLoggedIn } from '../session/session-context';
import type { ContactDraft } from './contacts-editor';
import { JurisdictionFields } from './jurisdiction-fields';
import { ContactsEditor, fromDrafts, toDrafts } from './contacts-editor';

/** One jurisdiction: its line of authority, the jurisdictions below it, and its editing form. */
export function JurisdictionPage({ id }: { readonly id: string }) {
  const { t } = useTranslation();
  const jurisdictionId = id as JurisdictionId;
  const loaded = useLoad(async () => {
    const [jurisdiction, line, children, organisations] = await Promise.all([
      api.call(routes.getJurisdiction, { params: { id: jurisdictionId } }),
      api.call(routes.lineOfAuthority, { params: { id: jurisdictionId } }),
      api.call(routes.listJurisdictions, { query: { parentId: jurisdictionId, limit: 1000 } }),
      allOrganisations(),
    ]);
    return { jurisdiction, line, children: children.items, organisations };
  }, [jurisdictionId]);
  return (
    <Page
      back={{ href: '/jurisdictions', label: t('jurisdictions.back') }}
      actions={<AuditTrailLink targetType="jurisdiction" targetId={id} />}
      title={loaded.data?.jurisdiction.name ?? t('jurisdictions.one')}
      lead={
        loaded.data
          ? t(`levels.${loaded.data.jurisdiction.level}`) +
            (loaded.data.jurisdiction.code ? ` · ${loaded.data.jurisdiction.code}` : '')
          : undefined
      }
    >
      <LoadState data={loaded.data} problem={loaded.problem}>
        {(data) => (
          <JurisdictionDetails key={data.jurisdiction.id} {...data} onSaved={loaded.reload} />
        )}
      </LoadState>
    </Page>
  );
}

interface DetailsProps {
  readonly jurisdiction: Jurisdiction;
  readonly line: {
    readonly chain: readonly {
      readonly jurisdiction: Jurisdiction;
      readonly responsibleOrganisation: Organisation | null;
    }[];
  };
  readonly children: readonly Jurisdiction[];
  readonly organisations: readonly Organisation[];
  readonly onSaved: () => void;
}

function JurisdictionDetails({
  jurisdiction,
  line,
  children,
  organisations,
  onSaved,
}: DetailsProps) {
  const { t } = useTranslation();
  const { may } = useLoggedIn();
  const mayWrite = may('jurisdiction.write');
  return (
    <>
      <section aria-labelledby="line-of-authority">
        <h2 id="line-of-authority">{t('jurisdictions.lineOfAuthority')}</h2>
        <p className="hint">{t('jurisdictions.lineOfAuthorityHint')}</p>
        <ol className="authority">
          {line.chain.map((link) => (
            <li
              key={link.jurisdiction.id}
              aria-current={link.jurisdiction.id === jurisdiction.id ? 'location' : undefined}
            >
              <span className={`level level-${link.jurisdiction.level}`}>
                {t(`levels.${link.jurisdiction.level}`)}
              </span>{' '}
              {link.jurisdiction.id === jurisdiction.id ? (
                <strong>{link.jurisdiction.name}</strong>
              ) : (
                <Link href={`/jurisdictions/${link.jurisdiction.id}`}>
                  {link.jurisdiction.name}
                </Link>
              )}
              {' — '}
              {link.responsibleOrganisation ? (
                link.responsibleOrganisation.name
              ) : (
                <em>{t('jurisdictions.noResponsibleYet')}</em>
              )}
              {link.jurisdiction.contacts.length > 0 ? (
                <ul className="contacts">
                  {link.jurisdiction.contacts.map((contact, index) => (
                    <li key={index}>
                      {contact.name}
                      {contact.role ? `, ${contact.role}` : ''}
                      {contact.email ? (
                        <>
                          {' · '}
                          <a href={`mailto:${contact.email}`}>{contact.email}</a>
                        </>
                      ) : null}
                      {contact.phone ? (
                        <>
                          {' · '}
                          <a href={`tel:${contact.phone.replace(/[^+0-9]/g, '')}`}>
                            {contact.phone}
                          </a>
                        </>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="jurisdiction-children">
        <div className="section-head">
          <h2 id="jurisdiction-children">{t('jurisdictions.children')}</h2>
          {mayWrite && jurisdiction.level !== 'local' ? (
            <Link
              className="button secondary small"
              href={`/jurisdictions/new?parent=${jurisdiction.id}`}
            >
              {t('jurisdictions.addChild')}
            </Link>
          ) : null}
        </div>
        {children.length === 0 ? (
          <p>{t('jurisdictions.noChildren')}</p>
        ) : (
          <ul className="plain-list">
            {children.map((child) => (
              <li key={child.id}>
                <Link href={`/jurisdictions/${child.id}`}>{child.name}</Link>{' '}
                <span className={`level level-${child.level}`}>{t(`levels.${child.level}`)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {mayWrite ? (
        <JurisdictionEditForm
          jurisdiction={jurisdiction}
          organisations={organisations}
          onSaved={onSaved}
        />
      ) : null}
    </>
  );
}

const FORM = 'jurisdiction-edit';

function JurisdictionEditForm({
  jurisdiction,
  organisations,
  onSaved,
}: {
  readonly jurisdiction: Jurisdiction;
  readonly organisations: readonly Organisation[];
  readonly onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const [name, setName] = useState(jurisdiction.name);
  const [code, setCode] = useState(jurisdiction.code ?? '');
  const [responsible, setResponsible] = useState<string>(
    jurisdiction.responsibleOrganisationId ?? '',
  );
  const [contacts, setContacts] = useState<readonly ContactDraft[]>(
    toDrafts(jurisdiction.contacts),
  );

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      const updated = await api.call(routes.updateJurisdiction, {
        params: { id: jurisdiction.id },
        body: {
          name,
          code: code.trim() === '' ? null : code.trim().toUpperCase(),
          responsibleOrganisationId: responsible === '' ? null : (responsible as OrganisationId),
          contacts: fromDrafts(contacts),
        },
      });
      announce(t('jurisdictions.saved', { name: updated.name }));
      onSaved();
    });
  }

  return (
    <section aria-labelledby="jurisdiction-edit-title">
      <h2 id="jurisdiction-edit-title">{t('jurisdictions.edit')}</h2>
      <form id={FORM} onSubmit={submit} noValidate className="form">
        <ErrorSummary problem={action.problem} form={FORM} />
        <JurisdictionFields
          form={FORM}
          values={{ name, code, responsible }}
          onChange={(values) => {
            setName(values.name);
            setCode(values.code);
            setResponsible(values.responsible);
          }}
          organisations={organisations}
          errors={action.errors}
        />
        <ContactsEditor
          form={FORM}
          drafts={contacts}
          onChange={setContacts}
          errors={action.errors}
        />
        <button type="submit" disabled={action.busy}>
          {t('common.save')}
        </button>
      </form>
    </section>
  );
}
