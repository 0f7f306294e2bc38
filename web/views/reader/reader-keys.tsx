import type { Translate } from '../../i18n/index.ts'

// The reader's shortcuts; reader.js acts on the same keys. Same overlay markup and styles as the queue's.
const KEYS: [string, string, boolean][] = [
  ['a', 'keys.approve', true],
  ['r', 'keys.reject', true],
  ['p', 'keys.reshare', true],
  ['s', 'keys.snoozeDate', true],
  ['e', 'keys.annotate', true],
  ['j', 'keys.storyNext', false],
  ['k', 'keys.storyPrev', false],
  ['?', 'keys.help', false],
]

/** The keyboard shortcuts overlay of the reader, rendered hidden; reader.js shows it on "?". */
export function ReaderKeysHelp(p: { t: Translate; canDecide: boolean }) {
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
