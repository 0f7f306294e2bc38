import { DateTime } from '../components/format.tsx'
import { AuthPage, CsrfField, Message, type Frame } from './frame.tsx'

export interface TokenRow {
  id: number
  name: string
  createdAt: Date
  lastUsedAt: Date | null
}

export interface TokensPageProps {
  frame: Frame
  /** Whose tokens; `self` when they are the viewer's own. */
  owner: { id: number; email: string; self: boolean }
  tokens: TokenRow[]
  /** A token just created, shown this once. */
  created: { name: string; token: string } | null
  error: string | null
}

/** Personal API tokens: create (shown once), list, revoke. */
export function TokensPage(p: TokensPageProps) {
  const { t, csrf, locale } = p.frame
  const userField = p.owner.self ? null : (
    <input type="hidden" name="user" value={String(p.owner.id)} />
  )
  return (
    <AuthPage
      frame={p.frame}
      title={p.owner.self ? t('auth.tokens.title') : t('auth.tokens.for', { email: p.owner.email })}
    >
      <p class="muted">{t('auth.tokens.intro')}</p>
      <Message kind="error" text={p.error} />
      {p.created && (
        <div class="notice token-created" role="status">
          <p>{t('auth.tokens.created')}</p>
          <p>
            <strong>{p.created.name}</strong> <code class="secret">{p.created.token}</code>
          </p>
        </div>
      )}
      {p.tokens.length === 0 ? (
        <p>{t('auth.tokens.none')}</p>
      ) : (
        <table class="list tokens">
          <thead>
            <tr>
              <th>{t('auth.tokens.name')}</th>
              <th>{t('auth.tokens.createdAt')}</th>
              <th>{t('auth.tokens.lastUsed')}</th>
              <th>
                <span class="visually-hidden">{t('auth.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {p.tokens.map((k) => (
              <tr>
                <td>{k.name}</td>
                <td>
                  <DateTime locale={locale} when={k.createdAt} withTime={false} />
                </td>
                <td>
                  {k.lastUsedAt ? (
                    <DateTime locale={locale} when={k.lastUsedAt} withTime={false} />
                  ) : (
                    t('auth.tokens.never')
                  )}
                </td>
                <td>
                  {/* Two steps, without script: a script using the token stops working for good. */}
                  <details class="confirm">
                    <summary class="button">{t('auth.tokens.revoke')}</summary>
                    <form
                      method="post"
                      action={`/account/tokens/${k.id}/revoke`}
                      class="inline-form"
                    >
                      <CsrfField value={csrf} />
                      {userField}
                      <span>{t('auth.tokens.revokeConfirm')}</span>{' '}
                      <button type="submit" class="danger">
                        {t('auth.tokens.revokeYes')}
                      </button>
                    </form>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action="/account/tokens" class="inline-form token-form">
        <CsrfField value={csrf} />
        {userField}
        <label>
          {t('auth.tokens.name')}
          <input type="text" name="name" required maxlength={100} />
        </label>
        <button type="submit" class="primary">
          {t('auth.tokens.create')}
        </button>
      </form>
    </AuthPage>
  )
}
