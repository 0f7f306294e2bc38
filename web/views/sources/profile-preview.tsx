import type { ProfilePreview, PreviewItem } from '../../../src/jobs/profile-edit.ts'
import type { Translate } from '../../i18n/index.ts'
import { safeHref, scorePoints } from '../components/format.tsx'
import { TableScroll } from '../components/table-scroll.tsx'

function moveLabel(item: PreviewItem, t: Translate): string {
  if (item.move === 'new') return t('profile.move.new')
  if (item.move === 'same') return t('profile.move.same')
  return t(`profile.move.${item.move}`, { n: Math.abs((item.rankBefore ?? 0) - item.rank) })
}

const ARROWS = { up: '▲', down: '▼', same: '=', new: '★' } as const

/** The top of the queue under the edited profile, each story's move, and the stories pushed out. */
export function PreviewTable(p: { preview: ProfilePreview; t: Translate }) {
  const { t, preview } = p
  return (
    <section class="profile-preview" id="preview" aria-labelledby="preview-title">
      <h2 id="preview-title">{t('profile.previewTitle', { n: preview.top.length })}</h2>
      <p class="help">{t('profile.previewNote', { n: preview.considered })}</p>
      {preview.top.length === 0 ? (
        <p class="empty">{t('profile.previewEmpty')}</p>
      ) : (
        <TableScroll label={t('profile.previewTitle', { n: preview.top.length })}>
          <table class="preview">
            <thead>
              <tr>
                <th scope="col">{t('profile.rank')}</th>
                <th scope="col">{t('profile.change')}</th>
                <th scope="col">{t('profile.article')}</th>
                <th scope="col">{t('profile.scoreBeforeAfter')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.top.map((item) => (
                <tr
                  class={`move-${item.move}`}
                  data-article={String(item.id)}
                  data-move={item.move}
                >
                  <td class="num">{item.rank}</td>
                  <td class="move">
                    <span aria-hidden="true">{ARROWS[item.move]}</span> {moveLabel(item, t)}
                  </td>
                  <td>
                    <a href={safeHref(item.url)} rel="noopener noreferrer">
                      {item.title}
                    </a>
                    <span class="source">{item.source}</span>
                  </td>
                  <td class="num">{`${scorePoints(item.scoreBefore)} → ${scorePoints(item.score)}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {preview.dropped.length > 0 && (
        <>
          <h3>{t('profile.dropped')}</h3>
          <ul class="dropped">
            {preview.dropped.map((d) => (
              <li data-article={String(d.id)}>
                {`${d.title} — ${d.source} (${t('profile.droppedRank', { n: d.rank })})`}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
