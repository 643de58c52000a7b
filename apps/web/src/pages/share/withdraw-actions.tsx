import { shareRoutes } from '@vigil/api';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../components/error-summary';
import { useStatus } from '../../components/status';
import { useAction } from '../../components/use-action';
import { navigate } from '../../router/router';
import { api } from '../../session/api-client';

type Withdrawal = 'revoke' | 'delete';

/**
 * "Revoke" and "Delete" for an object the user's organisation produced, each behind a
 * confirmation naming the object and the collection. Shown only when the server says the user
 * may (`permissions`, from the policy module); the API checks again. The confirmation is part
 * of the page, not a pop-up: focus moves to its heading, Cancel returns it to the button.
 */
export function WithdrawActions({
  collectionId,
  collectionTitle,
  objectId,
  objectName,
  permissions,
  onRevoked,
}: {
  readonly collectionId: string;
  readonly collectionTitle: string;
  readonly objectId: string;
  readonly objectName: string;
  readonly permissions: { readonly revoke: boolean; readonly delete: boolean };
  readonly onRevoked: () => void;
}) {
  const { t } = useTranslation();
  const { announce } = useStatus();
  const action = useAction();
  const [confirming, setConfirming] = useState<Withdrawal | null>(null);
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const buttons = { revoke: useRef<HTMLButtonElement>(null), delete: useRef<HTMLButtonElement>(null) };
  // Where focus goes when the confirmation closes: the button that opened it, or (after a
  // revoke, whose button is gone) the section's heading.
  const returnTo = useRef<Withdrawal | 'heading' | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (confirming) confirmHeading.current?.focus();
    else if (returnTo.current === 'heading') heading.current?.focus();
    else if (returnTo.current) buttons[returnTo.current].current?.focus();
    // Focus follows the confirmation opening and closing only.
  }, [confirming]);

  if (!permissions.revoke && !permissions.delete) return null;
  const names = { name: objectName, collection: collectionTitle };

  function open(kind: Withdrawal): void {
    action.reset();
    returnTo.current = kind;
    setConfirming(kind);
  }

  function confirm(kind: Withdrawal): void {
    void action.run(async () => {
      if (kind === 'revoke') {
        await api.call(shareRoutes.revokeObject, { params: { id: collectionId, objectId } });
        returnTo.current = 'heading';
        setConfirming(null);
        announce(t('share.withdraw.revoked', names));
        onRevoked();
      } else {
        await api.call(shareRoutes.deleteObject, { params: { id: collectionId, objectId } });
        // The message belongs to the page it is read on: go there first.
        navigate(`/share/collections/${collectionId}`);
        announce(t('share.withdraw.deleted', names));
      }
    });
  }

  return (
    <section aria-labelledby="object-withdraw">
      <h2 id="object-withdraw" tabIndex={-1} ref={heading}>
        {t('share.withdraw.title')}
      </h2>
      <p>{t('share.withdraw.lead')}</p>
      {confirming === null ? (
        <div className="button-row">
          {permissions.revoke ? (
            <button type="button" className="secondary" ref={buttons.revoke} onClick={() => open('revoke')}>
              {t('share.withdraw.revoke')}
            </button>
          ) : null}
          {permissions.delete ? (
            <button type="button" className="secondary danger" ref={buttons.delete} onClick={() => open('delete')}>
              {t('share.withdraw.delete')}
            </button>
          ) : null}
        </div>
      ) : (
        <div className="notice notice-demo" role="group" aria-labelledby="withdraw-confirm">
          <h3 id="withdraw-confirm" tabIndex={-1} ref={confirmHeading}>
            {t(`share.withdraw.${confirming}Question`, names)}
          </h3>
          <p>{t(`share.withdraw.${confirming}Explained`, names)}</p>
          <ErrorSummary problem={action.problem} />
          <div className="button-row">
            <button type="button" className={confirming === 'delete' ? 'secondary danger' : undefined} disabled={action.busy} onClick={() => confirm(confirming)}>
              {t(`share.withdraw.${confirming}Confirm`, names)}
            </button>
            <button type="button" className="secondary" disabled={action.busy} onClick={() => setConfirming(null)}>
              {t('share.withdraw.cancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
