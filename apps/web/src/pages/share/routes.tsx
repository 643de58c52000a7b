import type { AppRoute } from '../../router/app-route';
import { param } from '../../router/app-route';
import { AdminPage } from './admin-page';
import { CollectionAdminPage } from './collection-admin-page';
import { CollectionPage } from './collection-page';
import { CollectionsPage } from './collections-page';
import { CommunityPage } from './community-page';
import { ImportPage } from './import-page';
import { ObjectNewPage } from './object-new-page';
import { ObjectPage } from './object-page';
import { ValidatePage } from './validate-page';

/** The sharing hub's pages; literal paths before parameterised ones. */
export const routes: readonly AppRoute[] = [
  { pattern: '/share', permission: 'share.read', render: () => <CollectionsPage /> },
  { pattern: '/share/validate', permission: 'share.read', render: () => <ValidatePage /> },
  { pattern: '/share/admin', permission: 'share.manage', render: () => <AdminPage /> },
  { pattern: '/share/admin/communities/:id', permission: 'share.manage', render: (p) => <CommunityPage id={param(p, 'id')} /> },
  { pattern: '/share/admin/collections/:id', permission: 'share.manage', render: (p) => <CollectionAdminPage id={param(p, 'id')} /> },
  { pattern: '/share/collections/:id', permission: 'share.read', render: (p) => <CollectionPage id={param(p, 'id')} /> },
  { pattern: '/share/collections/:id/new', permission: 'share.write', render: (p) => <ObjectNewPage collectionId={param(p, 'id')} /> },
  { pattern: '/share/collections/:id/import', permission: 'share.write', render: (p) => <ImportPage collectionId={param(p, 'id')} /> },
  {
    pattern: '/share/collections/:id/objects/:objectId',
    permission: 'share.read',
    render: (p) => <ObjectPage collectionId={param(p, 'id')} objectId={param(p, 'objectId')} />,
  },
];
