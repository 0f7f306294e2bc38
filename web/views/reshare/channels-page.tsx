import { Layout } from '../layout.tsx'
import { SectorPicker, type SectorOption } from '../components/sector-picker.tsx'
import type { Frame } from '../queue/queue-page.tsx'

export interface ChannelRowView {
  id: number
  name: string
  kind: string
  target: string | null
  account: string | null
  sent: boolean
  enabled: boolean
}

export interface ChannelsPageProps {
  frame: Frame
  sectors: SectorOption[]
  sector: string
  channels: ChannelRowView[]
  flash: { ok: boolean; text: string } | null
}

const KINDS = ['mastodon', 'bluesky', 'webhook', 'linkedin', 'x', 'threads', 'facebook']

/** The sector's reshare channels (administrators): add, test, delete. Secrets are never shown. */
export function ChannelsPage(p: ChannelsPageProps) {
  const { t, csrf } = p.frame
  return (
    <Layout {...p.frame} title={t('reshare.channels')} active="sources">
      <div class="page-head">
        <h1>{t('reshare.channels')}</h1>
        <SectorPicker sectors={p.sectors} current={p.sector} action="/sources/channels" t={t} />
      </div>
      {p.flash && (
        <p class={p.flash.ok ? 'flash ok' : 'flash bad'} role="status">
          {p.flash.text}
        </p>
      )}
      <div class="table-scroll">
        <table class="channels">
          <thead>
            <tr>
              <th scope="col">{t('reshare.channel.name')}</th>
              <th scope="col">{t('reshare.channel.kind')}</th>
              <th scope="col">{t('reshare.channel.target')}</th>
              <th scope="col"></th>
            </tr>
          </thead>
          <tbody>
            {p.channels.map((c) => (
              <tr>
                <td class="wrap">{c.name}</td>
                <td>{c.kind}</td>
                <td class="wrap">
                  {c.target ?? ''}{' '}
                  <span class="muted">
                    {!c.sent
                      ? t('reshare.channel.intent')
                      : c.account
                        ? t('reshare.channel.account', { account: c.account })
                        : t('reshare.channel.untested')}
                  </span>
                </td>
                <td>
                  <form method="post" action={`/sources/channels/${c.id}`} class="inline">
                    <input type="hidden" name="_csrf" value={csrf} />
                    <input type="hidden" name="sector" value={p.sector} />
                    {c.sent && (
                      <button type="submit" name="op" value="test">
                        {t('reshare.channel.test')}
                      </button>
                    )}{' '}
                    <button type="submit" name="op" value="delete">
                      {t('reshare.channel.delete')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form method="post" action="/sources/channels" class="admin-form">
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="sector" value={p.sector} />
        <label>
          {t('reshare.channel.name')} <input name="name" required maxlength={100} />
        </label>
        <label>
          {t('reshare.channel.kind')}{' '}
          <select name="kind">
            {KINDS.map((k) => (
              <option value={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          {t('reshare.channel.target')} <input name="target" maxlength={2000} />
        </label>
        <label>
          {t('reshare.channel.secret')} <input name="secret" type="password" autocomplete="off" />
        </label>
        <button type="submit" class="primary">
          {t('reshare.channel.add')}
        </button>
      </form>
    </Layout>
  )
}
