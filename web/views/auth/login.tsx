import { AuthPage, CsrfField, EmailField, Message, type Frame } from './frame.tsx'

export interface LoginPageProps {
  frame: Frame
  email: string
  next: string | null
  error: string | null
}

/** The sign-in form; its CSRF token is the pre-session one (frame.csrf). */
export function LoginPage(p: LoginPageProps) {
  const { t } = p.frame
  return (
    <AuthPage frame={p.frame} title={t('auth.login.title')}>
      <form method="post" action="/login" class="auth-form">
        <CsrfField value={p.frame.csrf} />
        {p.next && <input type="hidden" name="next" value={p.next} />}
        <Message kind="error" text={p.error} />
        <EmailField label={t('auth.email')} value={p.email} />
        <label>
          {t('auth.password')}
          <input type="password" name="password" required autocomplete="current-password" />
        </label>
        <button type="submit" class="primary">
          {t('auth.login.submit')}
        </button>
      </form>
    </AuthPage>
  )
}
