import { respondEscalationRoutes } from '@vigil/api';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from '../router/router';
import { api } from '../session/api-client';

/**
 * The header's link to the user's notifications (escalations, requests, notices), with the
 * number still unread; it is read again on every page change.
 */
export function NotificationsLink() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const [unread, setUnread] = useState<number | null>(null);

  useEffect(() => {
    let current = true;
    api
      .call(respondEscalationRoutes.listNotifications, { query: { limit: 1, unread: 'true' } })
      .then((page) => {
        if (current) setUnread(page.unread);
      })
      .catch(() => {
        // The count is a convenience: without it the link still leads to the list.
        if (current) setUnread(null);
      });
    return () => {
      current = false;
    };
  }, [pathname]);

  return (
    <Link
      href="/respond/notifications"
      className="header-button header-link"
      aria-current={pathname === '/respond/notifications' ? 'page' : undefined}
    >
      {t('shell.notifications')}
      {unread ? (
        <>
          {' '}
          <span className="badge" aria-hidden="true">
            {unread}
          </span>
          <span className="visually-hidden">{t('shell.unread', { count: unread })}</span>
        </>
      ) : null}
    </Link>
  );
}
