import { routes } from '@vigil/api';
import type { Organisation, OrganisationId, Role } from '@vigil/domain';
import { ROLES, can } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../components/error-summary';
import { SelectField } from '../components/fields';
import { LoadState } from '../components/load-state';
import { useEnumOptions } from '../components/options';
import { AuditTrailLink } from '../components/audit-trail-link';
import { Page } from '../components/page';
import { useStatus } from '../components/status';
import { useAction } from '../components/use-action';
import { useLoad } from '../components/use-load';
import { isRole } from '../lib/guards';
import { api } from '../session/api-client';
import { allUsers } from '../session/lists';
import { useLoggedIn } from '../session/session-context';
import { OrganisationForm } from './organisation-form';

/** One organisation: its details (editable by its administrators) and its members. */
export function OrganisationPage({ id }: { readonly id: string }) {
  const { t } = useTranslation();
  const organisationId = id as OrganisationId;
  const loaded = useLoad(
    () => api.call(routes.getOrganisation, { params: { id: organisationId } }),
    [organisationId],
  );
  return (
    <Page
      back={{ href: '/admin/organisations', label: t('organisations.back') }}
      actions={<AuditTrailLink targetType="organisation" targetId={id} />}
      title={loaded.data?.name ?? t('organisations.one')}
    >
      <LoadState data={loaded.data} problem={loaded.problem}>
        {(organisation) => (
          <OrganisationDetails
            key={organisation.id}
            organisation={organisation}
            onSaved={loaded.reload}
          />
        )}
      </LoadState>
    </Page>
  );
}

function OrganisationDetails({
  organisation,
  onSaved,
}: {
  readonly organisation: Organisation;
  readonly onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { actor } = useLoggedIn();
  const { announce } = useStatus();
  const save = useAction();
  const mayUpdate = can(actor, 'organisation.update', { organisationId: organisation.id });
  const platformAdmin = actor.kind === 'user' && actor.isAdmin;
  const mayManage = can(actor, 'membership.manage', { organisationId: organisation.id });
  return (
    <>
      <section aria-labelledby="organisation-details">
        <h2 id="organisation-details">{t('organisations.details')}</h2>
        {mayUpdate ? (
          <OrganisationForm
            id="organisation-edit"
            initial={organisation}
            submitLabel={t('common.save')}
            busy={save.busy}
            problem={save.problem}
            typeLocked={!platformAdmin}
            onSubmit={(values) => {
              void save.run(async () => {
                // The server refuses any type from others than platform administrators.
                const { type, ...rest } = values;
                const updated = await api.call(routes.updateOrganisation, {
                  params: { id: organisation.id },
                  body: platformAdmin ? { ...rest, type } : rest,
                });
                announce(t('organisations.saved', { name: updated.name }));
                onSaved();
              });
            }}
          />
        ) : (
          <dl className="details">
            <dt>{t('organisations.type')}</dt>
            <dd>{t(`organisationTypes.${organisation.type}`)}</dd>
            <dt>{t('organisations.country')}</dt>
            <dd>{organisation.country ?? '—'}</dd>
          </dl>
        )}
      </section>
      {mayManage ? <Members organisation={organisation} /> : null}
    </>
  );
}

function Members({ organisation }: { readonly organisation: Organisation }) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const members = useLoad(
    () => api.call(routes.listMembers, { params: { id: organisation.id } }),
    [organisation.id],
  );
  const users = useLoad(allUsers, []);
  const remove = useAction();
  const add = useAction();
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const roleOptions = useEnumOptions(ROLES, 'roles');
  const form = 'member-add';
  const heading = useRef<HTMLHeadingElement>(null);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void add.run(async () => {
      const member = await api.call(routes.addMember, {
        params: { id: organisation.id },
        body: { userId, role },
      });
      announce(t('members.added', { name: member.name, role: t(`roles.${member.role}`) }));
      setUserId('');
      members.reload();
    });
  }

  return (
    <section aria-labelledby="organisation-members">
      <h2 id="organisation-members" ref={heading} tabIndex={-1}>
        {t('members.title')}
      </h2>
      <ErrorSummary problem={remove.problem} />
      <LoadState data={members.data} problem={members.problem}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t('members.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t('members.caption', { organisation: organisation.name })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('users.name')}</th>
                    <th scope="col">{t('users.email')}</th>
                    <th scope="col">{t('members.role')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((member) => (
                    <tr key={`${member.userId}-${member.role}`}>
                      <th scope="row">{member.name}</th>
                      <td>{member.email}</td>
                      <td>{t(`roles.${member.role}`)}</td>
                      <td>
                        <button
                          type="button"
                          className="secondary danger"
                          disabled={remove.busy}
                          onClick={() => {
                            void remove.run(async () => {
                              await api.call(routes.removeMember, {
                                params: {
                                  id: organisation.id,
                                  userId: member.userId,
                                  role: member.role,
                                },
                              });
                              announce(
                                t('members.removed', {
                                  name: member.name,
                                  role: t(`roles.${member.role}`),
                                }),
                              );
                              // The button goes with its row: keep keyboard focus in the section.
                              heading.current?.focus();
                              members.reload();
                            });
                          }}
                        >
                          {t('members.remove', {
                            name: member.name,
                            role: t(`roles.${member.role}`),
                          })}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadState>
      <h3>{t('members.addTitle')}</h3>
      <form id={form} onSubmit={submit} noValidate className="form form-inline">
        <ErrorSummary problem={add.problem ?? users.problem} form={form} />
        <SelectField
          form={form}
          path="userId"
          label={t('members.user')}
          value={userId}
          emptyLabel={t('members.chooseUser')}
          options={(users.data ?? []).map((user) => ({
            value: user.id,
            label: `${user.name} <${user.email}>`,
          }))}
          onChange={(event) => setUserId(event.target.value)}
          errors={add.errors}
          required
        />
        <SelectField
          form={form}
          path="role"
          label={t('members.role')}
          value={role}
          options={roleOptions}
          onChange={(event) => {
            if (isRole(event.target.value)) setRole(event.target.value);
          }}
          errors={add.errors}
          required
        />
        <button type="submit" disabled={add.busy}>
          {t('members.add')}
        </button>
      </form>
    </section>
  );
}
