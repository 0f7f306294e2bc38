import { Layout } from '../layout.tsx'
import { SectorPicker, type SectorOption } from '../components/sector-picker.tsx'
import type { Frame } from '../queue/queue-page.tsx'
import { TableScroll } from '../components/table-scroll.tsx'

export interface ChannelRowView {
  id: number
  name: string
  kind: string
  target: string | null
  account: string | null
  sent: boolean
  enabled: boolean
  template: string
  utm: { source: string; medium: string; campaign: string }
  slots: string
  visibility: string
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
      <TableScroll label={t('reshare.channels')}>
        <table class="channels">
          <thead>
            <tr>
              <th scope="col">{t('reshare.channel.name')}</th>
              <th scope="col">{t('reshare.channel.kind')}</th>
              <th scope="col">{t('reshare.channel.target')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('reshare.channel.actions')}</span>
              </th>
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
                    )}
                  </form>{' '}
                  {/* Two steps, without script: the channel's secrets go with it. */}
                  <details class="confirm">
                    <summary class="button">{t('reshare.channel.delete')}</summary>
                    <form method="post" action={`/sources/channels/${c.id}`} class="inline">
                      <input type="hidden" name="_csrf" value={csrf} />
                      <input type="hidden" name="sector" value={p.sector} />
                      <span>{t('reshare.channel.deleteConfirm')}</span>{' '}
                      <button type="submit" name="op" value="delete" class="danger">
                        {t('reshare.channel.deleteYes')}
                      </button>
                    </form>
                  </details>
                  <details class="feed-edit">
                    <summary>{t('reshare.channel.edit')}</summary>
                    <form method="post" action={`/sources/channels/${c.id}`} class="channel-edit">
                      <input type="hidden" name="_csrf" value={csrf} />
                      <input type="hidden" name="sector" value={p.sector} />
                      <input type="hidden" name="op" value="save" />
                      <label>
                        {t('reshare.channel.name')}{' '}
                        <input name="name" value={c.name} maxlength={100} required />
                      </label>
                      {c.sent && (
                        <label>
                          {t('reshare.channel.target')}{' '}
                          <input name="target" value={c.target ?? ''} maxlength={2000} />
                        </label>
                      )}
                      {c.sent && (
                        <label>
                          {t('reshare.channel.newSecret')}{' '}
                          <input name="secret" type="password" autocomplete="off" />
                        </label>
                      )}
                      <label>
                        {t('reshare.channel.template')}
                        <textarea name="template" rows={4} maxlength={2000}>
                          {c.template}
                        </textarea>
                      </label>
                      <p class="help">{t('reshare.channel.templateHelp')}</p>
                      <fieldset>
                        <legend>UTM</legend>
                        <input
                          name="utm_source"
                          value={c.utm.source}
                          placeholder="utm_source"
                          maxlength={100}
                        />{' '}
                        <input
                          name="utm_medium"
                          value={c.utm.medium}
                          placeholder="utm_medium"
                          maxlength={100}
                        />{' '}
                        <input
                          name="utm_campaign"
                          value={c.utm.campaign}
                          placeholder="utm_campaign"
                          maxlength={100}
                        />
                      </fieldset>
                      {c.sent && (
                        <label>
                          {t('reshare.channel.slots')}{' '}
                          <input name="slots" value={c.slots} maxlength={500} />
                        </label>
                      )}
                      {c.kind === 'mastodon' && (
                        <label>
                          {t('reshare.channel.visibility')}{' '}
                          <select name="visibility">
                            {['public', 'unlisted', 'private'].map((v) => (
                              <option value={v} selected={v === c.visibility}>
                                {v}
                              </option>
                            ))}
                          </select>
                        </label>
                      )}
                      <button type="submit" class="primary">
                        {t('reshare.channel.save')}
                      </button>
                    </form>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
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
