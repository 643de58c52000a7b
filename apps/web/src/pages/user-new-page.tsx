import { routes } from '@vigil/api';
import type { Locale, OrganisationId, Role } from '@vigil/domain';
import { LOCALES, MIN_PASSWORD_LENGTH, ROLES } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../components/error-summary';
import { CheckboxField, SelectField, TextField } from '../components/fields';
import { useEnumOptions } from '../components/options';
import { Page } from '../components/page';
import { useStatus } from '../components/status';
import { useAction } from '../components/use-action';
import { useLoad } from '../components/use-load';
import { isRole } from '../lib/guards';
import { currentLocale } from '../i18n/i18n';
import { isLocale } from '../i18n/pick-locale';
import { navigate } from '../router/router';
import { api } from '../session/api-client';
import { allOrganisations } from '../session/lists';

interface MembershipRow {
  readonly key: number;
  readonly organisationId: string;
  readonly role: Role;
}

const FORM = 'user-new';

/** Creates a user with a password, a language and memberships. */
export function UserNewPage() {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const addButton = useRef<HTMLButtonElement>(null);
  const organisations = useLoad(allOrganisations, []);
  const roleOptions = useEnumOptions(ROLES, 'roles');
  const localeOptions = useEnumOptions(LOCALES, 'language.names');
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [locale, setLocale] = useState<Locale>(currentLocale());
  const [isAdmin, setIsAdmin] = useState(false);
  const [rows, setRows] = useState<readonly MembershipRow[]>([]);
  const organisationOptions = (organisations.data ?? []).map((organisation) => ({
    value: organisation.id,
    label: organisation.name,
  }));

  function update(key: number, change: Partial<MembershipRow>): void {
    setRows((previous) => previous.map((row) => (row.key === key ? { ...row, ...change } : row)));
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void action.run(async () => {
      const user = await api.call(routes.createUser, {
        body: {
          email,
          name,
          password,
          locale,
          isAdmin,
          memberships: rows.map((row) => ({
            organisationId: row.organisationId as OrganisationId,
            role: row.role,
          })),
        },
      });
      navigate(`/admin/users/${user.id}`);
      announce(t('users.created', { email: user.email }));
    });
  }

  return (
    <Page back={{ href: '/admin/users', label: t('users.back') }} title={t('users.new')}>
      <form id={FORM} onSubmit={submit} noValidate className="form">
        <ErrorSummary problem={action.problem ?? organisations.problem} form={FORM} />
        <TextField
          form={FORM}
          path="email"
          type="email"
          autoComplete="off"
          label={t('users.email')}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          errors={action.errors}
          required
        />
        <TextField
          form={FORM}
          path="name"
          autoComplete="off"
          label={t('users.name')}
          value={name}
          onChange={(event) => setName(event.target.value)}
          errors={action.errors}
          required
        />
        <TextField
          form={FORM}
          path="password"
          type="password"
          autoComplete="new-password"
          label={t('users.password')}
          hint={t('users.passwordHint', { min: MIN_PASSWORD_LENGTH })}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          errors={action.errors}
          required
        />
        <SelectField
          form={FORM}
          path="locale"
          label={t('users.locale')}
          value={locale}
          options={localeOptions}
          onChange={(event) => {
            if (isLocale(event.target.value)) setLocale(event.target.value);
          }}
          errors={action.errors}
        />
        <CheckboxField
          form={FORM}
          path="isAdmin"
          label={t('users.isAdmin')}
          hint={t('users.isAdminHint')}
          checked={isAdmin}
          onChange={(event) => setIsAdmin(event.target.checked)}
          errors={action.errors}
        />
        <fieldset>
          <legend>{t('users.memberships')}</legend>
          {rows.length === 0 ? <p className="hint">{t('users.noMembershipRows')}</p> : null}
          {rows.map((row, index) => (
            <div key={row.key} className="row-group">
              <SelectField
                form={FORM}
                path={`memberships.${index}.organisationId`}
                label={t('users.membershipOrganisation', { number: index + 1 })}
                value={row.organisationId}
                emptyLabel={t('users.chooseOrganisation')}
                options={organisationOptions}
                onChange={(event) => update(row.key, { organisationId: event.target.value })}
                errors={action.errors}
                required
              />
              <SelectField
                form={FORM}
                path={`memberships.${index}.role`}
                label={t('users.membershipRole', { number: index + 1 })}
                value={row.role}
                options={roleOptions}
                onChange={(event) => {
                  if (isRole(event.target.value)) update(row.key, { role: event.target.value });
                }}
                errors={action.errors}
                required
              />
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  setRows((previous) => previous.filter((other) => other.key !== row.key));
                  // The button leaves with its row: focus the one that adds rows.
                  addButton.current?.focus();
                }}
              >
                {t('users.removeMembershipRow', { number: index + 1 })}
              </button>
            </div>
          ))}
          <button
            ref={addButton}
            type="button"
            className="secondary"
            onClick={() =>
              setRows((previous) => [
                ...previous,
                { key: (previous.at(-1)?.key ?? 0) + 1, organisationId: '', role: 'viewer' },
              ])
            }
          >
            {t('users.addMembershipRow')}
          </button>
        </fieldset>
        <button type="submit" disabled={action.busy}>
          {t('users.create')}
        </button>
      </form>
    </Page>
  );
}
