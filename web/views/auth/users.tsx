import { AuthPage, CsrfField, Message, type Frame } from './frame.tsx'

const ROLES = ['viewer', 'curator', 'admin'] as const

export interface UsersPageProps {
  frame: Frame
  users: { id: number; email: string; name: string | null; role: string }[]
  meId: number
  error: string | null
  notice: string | null
  /** A generated password, shown this once. */
  generated: { email: string; password: string } | null
}

/** Admin: list accounts, add one with a role, change roles, remove. */
export function UsersPage(p: UsersPageProps) {
  const { t, csrf } = p.frame
  return (
    <AuthPage frame={p.frame} title={t('auth.users.title')}>
      <Message kind="error" text={p.error} />
      <Message kind="notice" text={p.notice} />
      {p.generated && (
        <div class="notice" role="status">
          <p>{t('auth.users.generated', { email: p.generated.email })}</p>
          <code class="secret">{p.generated.password}</code>
        </div>
      )}
      <table class="list users">
        <thead>
          <tr>
            <th>{t('auth.email')}</th>
            <th>{t('auth.role')}</th>
            <th>{t('auth.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {p.users.map((u) => (
            <tr>
              <td>
                {u.email} {u.name && <span class="muted">{u.name}</span>}{' '}
                {u.id === p.meId && <span class="muted">{t('auth.users.you')}</span>}
              </td>
              <td>
                <form method="post" action={`/admin/users/${u.id}/role`} class="inline-form">
                  <CsrfField value={csrf} />
                  <select name="role" aria-label={t('auth.role')}>
                    {ROLES.map((r) => (
                      <option value={r} selected={r === u.role}>
                        {t(`auth.role.${r}`)}
                      </option>
                    ))}
                  </select>
                  <button type="submit">{t('auth.users.changeRole')}</button>
                </form>
              </td>
              <td class="actions">
                <div class="row-actions">
                  <a href={`/account/tokens?user=${u.id}`}>{t('auth.users.tokens')}</a>
                  {/* Two steps, without script: the button that deletes shows only once asked for. */}
                  <details class="confirm">
                    <summary class="button danger">{t('auth.users.remove')}</summary>
                    <form method="post" action={`/admin/users/${u.id}/delete`} class="inline-form">
                      <CsrfField value={csrf} />
                      <span>{t('auth.users.removeConfirm')}</span>{' '}
                      <button type="submit" class="danger">
                        {t('auth.users.removeYes')}
                      </button>
                    </form>
                  </details>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('auth.users.add')}</h2>
      <form method="post" action="/admin/users" class="auth-form">
        <CsrfField value={csrf} />
        <label>
          {t('auth.email')}
          <input type="email" name="email" required />
        </label>
        <label>
          {t('auth.name')}
          <input type="text" name="name" maxlength={100} />
        </label>
        <label>
          {t('auth.role')}
          <select name="role">
            {ROLES.map((r) => (
              <option value={r} selected={r === 'curator'}>
                {t(`auth.role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('auth.users.passwordOptional')}
          <input type="password" name="password" autocomplete="new-password" />
        </label>
        <button type="submit" class="primary">
          {t('auth.users.add')}
        </button>
      </form>
    </AuthPage>
  )
}
