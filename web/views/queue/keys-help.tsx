import type { Translate } from '../../i18n/index.ts'

const KEYS: [string, string, boolean][] = [
  ['j', 'keys.next', false],
  ['k', 'keys.prev', false],
  ['o', 'keys.open', false],
  ['a', 'keys.approve', true],
  ['r', 'keys.reject', true],
  ['s', 'keys.snooze', true],
  ['p', 'keys.reshare', true],
  ['e', 'keys.annotate', true],
  ['/', 'keys.search', false],
  ['?', 'keys.help', false],
]

/** The keyboard shortcuts overlay, rendered hidden; queue.js shows it on "?". */
export function KeysHelp(p: { t: Translate; canDecide: boolean }) {
  return (
    <div class="keys-help" id="keys-help" role="dialog" aria-labelledby="keys-help-title" hidden>
      <div class="keys-help-box">
        <h2 id="keys-help-title">{p.t('keys.title')}</h2>
        <dl>
          {KEYS.filter(([, , decides]) => p.canDecide || !decides).map(([key, label]) => (
            <>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{p.t(label)}</dd>
            </>
          ))}
        </dl>
        <button type="button" class="keys-help-close">
          {p.t('keys.close')}
        </button>
      </div>
    </div>
  )
}
