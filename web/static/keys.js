// The keyboard shortcuts of a page (queue, reader) and their help overlay (#keys-help), in one place.

/** Opens an article's own page in a new tab, cut off from this one (no opener, no referrer). */
export function openOriginal(url) {
  if (url) window.open(url, '_blank', 'noopener,noreferrer')
}

/**
 * Runs `keys[event.key]` on key presses outside fields; "?" toggles the help and Escape closes it.
 * `onHelpClosed` gives the focus back where the page wants it.
 */
export function keyboardShortcuts(keys, { onHelpClosed } = {}) {
  const help = document.getElementById('keys-help')
  function toggleHelp(show = help.hidden) {
    help.hidden = !show
    if (show) help.querySelector('.keys-help-close')?.focus()
    else onHelpClosed?.()
  }
  help?.querySelector('.keys-help-close')?.addEventListener('click', () => toggleHelp(false))
  help?.addEventListener('click', (event) => {
    if (event.target === help) toggleHelp(false)
  })
  const all = { ...keys, '?': () => help && toggleHelp() }
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return
    if (event.key === 'Escape' && help && !help.hidden) return toggleHelp(false)
    const target = event.target
    if (
      target instanceof HTMLElement &&
      (target.isContentEditable || target.closest('input, textarea, select'))
    )
      return
    const run = all[event.key]
    if (!run) return
    event.preventDefault()
    run()
  })
}
