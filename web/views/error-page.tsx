import { Layout } from './layout.tsx'
import type { Locale, Translate } from '../i18n/index.ts'

export interface ErrorPageProps {
  t: Translate
  locale: Locale
  csrf: string
  user: { email: string; role: string } | null
  status: number
  /** What went wrong, in a sentence the curator understands (validation detail, disk full...). */
  detail: string | null
}

const TITLES: Record<number, string> = {
  400: 'error.badRequest',
  403: 'error.forbidden',
  404: 'error.notFound',
  409: 'error.conflict',
  413: 'error.tooLarge',
  429: 'error.tooMany',
  503: 'error.busy',
  507: 'error.storageFull.title',
}

/** An error in the app's frame: navigation, a title, a sentence, and a way back. */
export function ErrorPage(p: ErrorPageProps) {
  const { t } = p
  const key = TITLES[p.status] ?? 'error.generic'
  return (
    <Layout title={t(key)} t={t} locale={p.locale} csrf={p.csrf} user={p.user}>
      <div class="error">
        <h1>{t(key)}</h1>
        {t(`${key}.text`) && <p>{t(`${key}.text`)}</p>}
        {p.detail && <p class="error-detail">{p.detail}</p>}
        <p>
          <a href="/queue">{t('error.back')}</a>
        </p>
      </div>
    </Layout>
  )
}
