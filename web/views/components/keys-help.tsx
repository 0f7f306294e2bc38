import type { Translate } from '../../i18n/index.ts'

/** A shortcut: its key, its i18n label, and whether it decides (hidden from viewers). */
type Key = [key: string, label: string, decides: boolean]

// queue.js acts on these keys.
export const QUEUE_KEYS: Key[] = [
  ['j', 'keys.next', false],
  ['k', 'keys.prev', false],
  ['o', 'keys.open', false],
  ['v', 'keys.original', false],
  ['a', 'keys.approve', true],
  ['r', 'keys.reject', true],
  ['m', 'keys.dismiss', true],
  ['s', 'keys.snooze', true],
  ['p', 'keys.reshare', true],
  ['e', 'keys.annotate', true],
  ['/', 'keys.search', false],
  ['?', 'keys.help', false],
]

// reader.js acts on these keys.
export const READER_KEYS: Key[] = [
  ['a', 'keys.approve', true],
  ['r', 'keys.reject', true],
  ['m', 'keys.dismiss', true],
  ['p', 'keys.reshare', true],
  ['s', 'keys.snoozeDate', true],
  ['e', 'keys.annotate', true],
  ['j', 'keys.storyNext', false],
  ['k', 'keys.storyPrev', false],
  ['v', 'keys.original', false],
  ['?', 'keys.help', false],
]

/** The keyboard shortcuts overlay, rendered hidden; the page's script shows it on "?". */
export function KeysHelp(p: { t: Translate; canDecide: boolean; keys: Key[] }) {
  return (
    <div class="keys-help" id="keys-help" role="dialog" aria-labelledby="keys-help-title" hidden>
      <div class="keys-help-box">
        <h2 id="keys-help-title">{p.t('keys.title')}</h2>
        <dl>
          {p.keys
            .filter(([, , decides]) => p.canDecide || !decides)
            .map(([key, label]) => (
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
