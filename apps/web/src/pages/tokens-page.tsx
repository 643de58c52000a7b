import { routes } from '@vigil/api';
import type { TokenScope } from '@vigil/domain';
import { TOKEN_SCOPES } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../components/error-summary';
import { TextField } from '../components/fields';
import { LoadState } from '../components/load-state';
import { Page } from '../components/page';
import { useStatus } from '../components/status';
import { useAction } from '../components/use-action';
import { useLoad } from '../components/use-load';
import { useServerMessage } from '../components/use-message';
import { fieldId } from '../lib/field-errors';
import { formatDateTime } from '../lib/format';
import { api } from '../session/api-client';

const FORM = 'token-new';

/** The logged-in user's API tokens: create (secret shown once), list, revoke. */
export function TokensPage() {
  const { t, i18n } = useTranslation();
  const { announce } = useStatus();
  const translate = useServerMessage();
  const tokens = useLoad(() => api.call(routes.listTokens, {}), []);
  const create = useAction();
  const revoke = useAction();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<readonly TokenScope[]>(['read']);
  const [days, setDays] = useState('90');
  const listHeading = useRef<HTMLHeadingElement>(null);
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void create.run(async () => {
      const answer = await api.call(routes.createToken, {
        body: { name, scopes: [...scopes], expiresInDays: Number(days) },
      });
      setSecret({ name: answer.token.name, value: answer.secret });
      setName('');
      tokens.reload();
    });
  }

  const scopeErrors = create.errors.get('scopes');
  const now = Date.now();
  return (
    <Page title={t('tokens.title')} lead={t('nav.tokensDescription')}>
      {secret ? (
        <SecretBox
          name={secret.name}
          secret={secret.value}
          onDone={() => {
            setSecret(null);
            listHeading.current?.focus();
          }}
        />
      ) : null}
      <section aria-labelledby="tokens-list">
        <h2 id="tokens-list" ref={listHeading} tabIndex={-1}>
          {t('tokens.listTitle')}
        </h2>
        <ErrorSummary problem={revoke.problem} />
        <LoadState data={tokens.data} problem={tokens.problem}>
          {({ items }) =>
            items.length === 0 ? (
              <p>{t('tokens.empty')}</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <caption>{t('tokens.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('tokens.name')}</th>
                      <th scope="col">{t('tokens.prefix')}</th>
                      <th scope="col">{t('tokens.scopes')}</th>
                      <th scope="col">{t('tokens.expires')}</th>
                      <th scope="col">{t('tokens.lastUsed')}</th>
                      <th scope="col">{t('tokens.state')}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t('common.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((token) => {
                      const expired = new Date(token.expiresAt).getTime() <= now;
                      const state = token.revokedAt
                        ? t('tokens.revoked')
                        : expired
                          ? t('tokens.expired')
                          : t('tokens.active');
                      return (
                        <tr key={token.id}>
                          <th scope="row">{token.name}</th>
                          <td>
                            <code>{token.prefix}…</code>
                          </td>
                          <td>{token.scopes.map((scope) => t(`scopes.${scope}`)).join(', ')}</td>
                          <td>{formatDateTime(token.expiresAt, i18n.language)}</td>
                          <td>
                            {token.lastUsedAt
                              ? formatDateTime(token.lastUsedAt, i18n.language)
                              : t('tokens.never')}
                          </td>
                          <td>{state}</td>
                          <td>
                            {token.revokedAt || expired ? null : (
                              <button
                                type="button"
                                className="secondary danger"
                                disabled={revoke.busy}
                                onClick={() => {
                                  if (
                                    !window.confirm(t('tokens.confirmRevoke', { name: token.name }))
                                  )
                                    return;
                                  void revoke.run(async () => {
                                    await api.call(routes.revokeToken, {
                                      params: { id: token.id },
                                    });
                                    announce(t('tokens.revokedMessage', { name: token.name }));
                                    // The button goes away with the token's active state.
                                    listHeading.current?.focus();
                                    tokens.reload();
                                  });
                                }}
                              >
                                {t('tokens.revoke', { name: token.name })}
                              </button>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )
          }
        </LoadState>
      </section>
      <section aria-labelledby="tokens-new">
        <h2 id="tokens-new">{t('tokens.newTitle')}</h2>
        <form id={FORM} onSubmit={submit} noValidate className="form">
          <ErrorSummary problem={create.problem} form={FORM} />
          <TextField
            form={FORM}
            path="name"
            label={t('tokens.name')}
            hint={t('tokens.nameHint')}
            value={name}
            onChange={(event) => setName(event.target.value)}
            errors={create.errors}
            required
          />
          <fieldset
            id={fieldId(FORM, 'scopes')}
            tabIndex={-1}
            aria-describedby={scopeErrors ? `${fieldId(FORM, 'scopes')}-error` : undefined}
            className={scopeErrors ? 'field-invalid' : undefined}
          >
            <legend>{t('tokens.scopes')}</legend>
            {scopeErrors ? (
              <p className="field-error" id={`${fieldId(FORM, 'scopes')}-error`}>
                {scopeErrors.map(translate).join(' ')}
              </p>
            ) : null}
            {TOKEN_SCOPES.map((scope) => (
              <div key={scope} className="field-check">
                <input
                  type="checkbox"
                  id={fieldId(FORM, `scope-${scope}`)}
                  checked={scopes.includes(scope)}
                  aria-describedby={fieldId(FORM, `scope-${scope}-hint`)}
                  onChange={(event) =>
                    setScopes((previous) =>
                      event.target.checked
                        ? [...previous, scope]
                        : previous.filter((other) => other !== scope),
                    )
                  }
                />
                <label htmlFor={fieldId(FORM, `scope-${scope}`)}>{t(`scopes.${scope}`)}</label>
                <p className="hint" id={fieldId(FORM, `scope-${scope}-hint`)}>
                  {t(`scopes.${scope}Hint`)}
                </p>
              </div>
            ))}
          </fieldset>
          <TextField
            form={FORM}
            path="expiresInDays"
            type="number"
            inputMode="numeric"
            min={1}
            max={366}
            className="input-short"
            label={t('tokens.expiresInDays')}
            hint={t('tokens.expiresInDaysHint')}
            value={days}
            onChange={(event) => setDays(event.target.value)}
            errors={create.errors}
            required
          />
          <button type="submit" disabled={create.busy}>
            {t('tokens.create')}
          </button>
        </form>
      </section>
    </Page>
  );
}

/** The new token's secret, shown once, with a copy button and a warning. Takes focus. */
function SecretBox({
  name,
  secret,
  onDone,
}: {
  readonly name: string;
  readonly secret: string;
  readonly onDone: () => void;
}) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  useEffect(() => {
    box.current?.focus();
  }, []);
  function copy(): void {
    navigator.clipboard
      .writeText(secret)
      .then(() => setCopied('yes'))
      .catch(() => setCopied('failed'));
  }
  return (
    <div
      className="secret-box"
      role="region"
      aria-labelledby="secret-title"
      tabIndex={-1}
      ref={box}
    >
      <h2 id="secret-title">{t('tokens.secretTitle', { name })}</h2>
      <p className="warning">
        <strong>{t('tokens.secretWarning')}</strong>
      </p>
      <label htmlFor="token-secret">{t('tokens.secret')}</label>
      <div className="copy-row">
        <input
          id="token-secret"
          className="mono"
          readOnly
          value={secret}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" onClick={copy}>
          {t('tokens.copy')}
        </button>
      </div>
      <p role="status" className="muted">
        {copied === 'yes' ? t('tokens.copied') : copied === 'failed' ? t('tokens.copyFailed') : ''}
      </p>
      <button type="button" className="secondary" onClick={onDone}>
        {t('tokens.secretDone')}
      </button>
    </div>
  );
}
