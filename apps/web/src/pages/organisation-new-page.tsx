import { routes } from '@vigil/api';
import { useTranslation } from 'react-i18next';
import { Page } from '../components/page';
import { useStatus } from '../components/status';
import { useAction } from '../components/use-action';
import { navigate } from '../router/router';
import { api } from '../session/api-client';
import { OrganisationForm } from './organisation-form';

/** Creates an organisation, then opens it to add members. */
export function OrganisationNewPage() {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  return (
    <Page
      back={{ href: '/admin/organisations', label: t('organisations.back') }}
      title={t('organisations.new')}
    >
      <OrganisationForm
        id="organisation-new"
        initial={{ name: '', type: 'election-authority', country: null }}
        submitLabel={t('organisations.create')}
        busy={action.busy}
        problem={action.problem}
        onSubmit={(values) => {
          void action.run(async () => {
            const organisation = await api.call(routes.createOrganisation, { body: values });
            navigate(`/admin/organisations/${organisation.id}`);
            announce(t('organisations.created', { name: organisation.name }));
          });
        }}
      />
    </Page>
  );
}
