import { useTranslation } from 'react-i18next';
import { Link } from '../router/router';
import { useLoggedIn } from '../session/session-context';

/** Props of a link to a record's audit trail. */
export interface AuditTrailLinkProps {
  /** The audit log's name for the kind of record (`organisation`, `user` …). */
  readonly targetType: string;
  readonly targetId: string;
}

/** A link to the audit-log events of one record, for those who may read the audit log. */
export function AuditTrailLink({ targetType, targetId }: AuditTrailLinkProps) {
  const { t } = useTranslation();
  const { may } = useLoggedIn();
  if (!may('audit-log.read')) return null;
  const query = new URLSearchParams({ targetType, targetId });
  return (
    <Link className="button secondary" href={`/admin/audit-log?${query.toString()}`}>
      {t('auditLog.trail')}
    </Link>
  );
}
