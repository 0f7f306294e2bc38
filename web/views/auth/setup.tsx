import { AuthPage, CsrfField, EmailField, Message, type Frame } from './frame.tsx'

export interface SetupPageProps {
  frame: Frame
  email: string
  name: string
  minLength: number
  error: string | null
}

/** First run: the form that creates the admin account. */
export function SetupPage(p: SetupPageProps) {
  const { t } = p.frame
  return (
    <AuthPage frame={p.frame} title={t('auth.setup.title')}>
      <p>{t('auth.setup.intro')}</p>
      <form method="post" action="/setup" class="auth-form">
        <CsrfField value={p.frame.csrf} />
        <Message kind="error" text={p.error} />
        <EmailField label={t('auth.email')} value={p.email} />
        <label>
          {t('auth.name')}
          <input type="text" name="name" value={p.name} autocomplete="name" maxlength={100} />
        </label>
        <label>
          {t('auth.password')}
          <input
            type="password"
            name="password"
            required
            minlength={p.minLength}
            autocomplete="new-password"
          />
          <small>{t('auth.passwordHint', { min: p.minLength })}</small>
        </label>
        <button type="submit" class="primary">
          {t('auth.setup.submit')}
        </button>
      </form>
    </AuthPage>
  )
}
