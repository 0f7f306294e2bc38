import type { Translate } from '../../i18n/index.ts'
import { Layout } from '../layout.tsx'
import { formatDate, safeHref } from '../components/format.tsx'
import type { Frame } from '../queue/queue-page.tsx'

export interface ComposerChannel {
  id: number
  name: string
  kind: string
  text: string
  length: { used: number; limit: number; over: boolean }
  intentUrl: string | null
  nextSlot: Date | null
  checked: boolean
}

export interface ComposerPageProps {
  frame: Frame
  article: { id: number; title: string; url: string; source: string | null }
  commentary: string
  sector: string
  timezone: string
  channels: ComposerChannel[]
  when: 'now' | 'next' | 'at'
  at: string
  error: string | null
}

const NETWORK_NAMES: Record<string, string> = {
  linkedin: 'LinkedIn',
  x: 'X',
  threads: 'Threads',
  facebook: 'Facebook',
}

/** One text per channel, counted as its network counts, then now, next free slot or a time. */
export function ComposerPage(p: ComposerPageProps) {
  const { t, locale, csrf } = p.frame
  const sent = p.channels.filter((c) => !c.intentUrl)
  const intents = p.channels.filter((c) => c.intentUrl)
  const firstSlot = sent.map((c) => c.nextSlot).find(Boolean)
  return (
    <Layout {...p.frame} title={`${t('reshare.title')} · ${p.article.title}`} active="queue">
      <h1>{t('reshare.title')}</h1>
      <p>
        <a href={`/articles/${p.article.id}`}>{p.article.title}</a>
        {p.article.source ? <span class="muted"> · {p.article.source}</span> : null}
      </p>
      {p.error && (
        <p class="flash bad" role="alert">
          {p.error}
        </p>
      )}
      <p class="muted">
        {p.commentary.trim() ? t('reshare.commentary') : t('reshare.noCommentary')}
      </p>
      {p.commentary.trim() && <blockquote class="public-commentary">{p.commentary}</blockquote>}
      {p.channels.length === 0 && (
        <p class="empty">
          {t('reshare.noChannels')}{' '}
          {p.frame.user?.role === 'admin' && (
            <a href={`/sources/channels?sector=${encodeURIComponent(p.sector)}`}>
              {t('reshare.addChannel')}
            </a>
          )}
        </p>
      )}
      {sent.length > 0 && (
        <form
          method="post"
          action={`/articles/${p.article.id}/reshare`}
          class="composer"
          data-count-url={`/articles/${p.article.id}/reshare/count`}
        >
          <input type="hidden" name="_csrf" value={csrf} />
          {sent.map((c) => (
            <ChannelField channel={c} t={t} />
          ))}
          <fieldset class="composer-when">
            <legend>{t('reshare.when')}</legend>
            <label>
              <input type="radio" name="when" value="next" checked={p.when === 'next'} />{' '}
              {firstSlot
                ? t('reshare.nextAt', { when: formatIn(locale, firstSlot, p.timezone) })
                : t('reshare.next')}
            </label>
            <label>
              <input type="radio" name="when" value="now" checked={p.when === 'now'} />{' '}
              {t('reshare.now')}
            </label>
            <label>
              <input type="radio" name="when" value="at" checked={p.when === 'at'} />{' '}
              {t('reshare.at')}{' '}
              <input type="datetime-local" name="at" value={p.at} aria-label={t('reshare.at')} />{' '}
              <span class="muted">{t('reshare.timezone', { tz: p.timezone })}</span>
            </label>
          </fieldset>
          <button type="submit" class="primary">
            {t('reshare.send')}
          </button>
        </form>
      )}
      {intents.length > 0 && (
        <section
          class="composer-intents"
          data-count-url={`/articles/${p.article.id}/reshare/count`}
        >
          <p class="muted">{t('reshare.intentHelp')}</p>
          {intents.map((c) => (
            <div class="composer-channel" data-channel={c.id} data-kind={c.kind}>
              <label for={`text-${c.id}`}>
                <strong>{c.name}</strong>
              </label>
              <textarea id={`text-${c.id}`} name={`text.${c.id}`} rows={5}>
                {c.text}
              </textarea>
              <Counter channel={c} t={t} />
              <a
                class="button intent"
                href={safeHref(c.intentUrl) ?? '#'}
                target="_blank"
                rel="noopener noreferrer"
              >
                {t('reshare.open', { network: NETWORK_NAMES[c.kind] ?? c.kind })}
              </a>
            </div>
          ))}
        </section>
      )}
    </Layout>
  )
}

function ChannelField(p: { channel: ComposerChannel; t: Translate }) {
  const c = p.channel
  return (
    <div class="composer-channel" data-channel={c.id} data-kind={c.kind}>
      <label>
        <input type="checkbox" name={`on.${c.id}`} value="1" checked={c.checked} />{' '}
        <strong>{c.name}</strong> <span class="muted">{c.kind}</span>
      </label>
      <textarea name={`text.${c.id}`} rows={6} aria-label={c.name}>
        {c.text}
      </textarea>
      <Counter channel={c} t={p.t} />
    </div>
  )
}

function Counter(p: { channel: ComposerChannel; t: Translate }) {
  const { used, limit, over } = p.channel.length
  return (
    <p
      class={over ? 'count over' : 'count'}
      aria-live="polite"
      data-over={p.t('reshare.over', { n: '{n}' })}
      data-over-one={p.t('reshare.over.one', { n: '{n}' })}
    >
      <span class="count-used">{p.t('reshare.count', { used, limit })}</span>{' '}
      <span class="count-over">{over ? p.t('reshare.over', { n: used - limit }) : ''}</span>
    </p>
  )
}

/** An instant as the sector's local date and time. */
export function formatIn(locale: string, at: Date, timezone: string): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: timezone,
  }).format(at)
}

export { formatDate }
